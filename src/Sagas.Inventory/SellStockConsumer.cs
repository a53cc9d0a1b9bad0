using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Inventory;
using Sagas.Hosting.Workers;

namespace Sagas.Inventory;

/// <summary>Inventory role: sells what a completed order holds, once; a duplicate gets the same answer, an order holding nothing a refusal.</summary>
sealed class SellStockConsumer(StockReservations reservations, ILogger<SellStockConsumer> logger)
    : WorkerConsumer<SellStock>(logger)
{
    protected override async Task Handle(ConsumeContext<SellStock> context)
    {
        var orderId = context.Message.CorrelationId;
        var reservation = await reservations.Sell(orderId, context.CancellationToken);
        await (reservation?.State switch
        {
            ReservationState.Sold => context.RespondAsync(new StockSold(orderId)),
            null => context.RespondAsync(new StockSaleRejected(orderId, "The order holds no reservation; nothing was sold.")),
            ReservationState.Rejected => context.RespondAsync(new StockSaleRejected(orderId, "The order's stock was never reserved; nothing was sold.")),
            _ => context.RespondAsync(new StockSaleRejected(orderId, "The order's stock was released; it can no longer be sold.")),
        });
    }
}
