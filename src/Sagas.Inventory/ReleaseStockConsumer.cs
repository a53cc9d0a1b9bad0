using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Inventory;
using Sagas.Hosting.Workers;

namespace Sagas.Inventory;

/// <summary>Inventory role: gives back an order's stock and fences the order; stock already sold stays sold, and the answer says so.</summary>
sealed class ReleaseStockConsumer(StockReservations reservations, ILogger<ReleaseStockConsumer> logger)
    : WorkerConsumer<ReleaseStock>(logger)
{
    protected override async Task Handle(ConsumeContext<ReleaseStock> context)
    {
        var reservation = await reservations.Release(context.Message.CorrelationId, context.CancellationToken);
        await (reservation.State == ReservationState.Sold
            ? context.RespondAsync(new StockReleaseRejected(reservation.OrderId, "The order's stock was sold; it can no longer be released."))
            : context.RespondAsync(new StockReleased(reservation.OrderId)));
    }
}
