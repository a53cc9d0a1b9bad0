using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Inventory;
using Sagas.Hosting.Workers;

namespace Sagas.Inventory;

/// <summary>Inventory role: gives back an order's stock and fences the order.</summary>
sealed class ReleaseStockConsumer(StockReservations reservations, ILogger<ReleaseStockConsumer> logger)
    : WorkerConsumer<ReleaseStock>(logger)
{
    protected override async Task Handle(ConsumeContext<ReleaseStock> context)
    {
        var reservation = await reservations.Release(context.Message.CorrelationId, context.CancellationToken);
        await context.RespondAsync(new StockReleased(reservation.OrderId));
    }
}
