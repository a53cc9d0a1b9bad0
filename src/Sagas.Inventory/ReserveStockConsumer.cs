using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Inventory;
using Sagas.Hosting.Workers;

namespace Sagas.Inventory;

/// <summary>Inventory role: holds an order's items all or nothing, once; a duplicate gets the stored outcome, a refusal after a release.</summary>
sealed class ReserveStockConsumer(StockReservations reservations, ILogger<ReserveStockConsumer> logger)
    : WorkerConsumer<ReserveStock>(logger)
{
    protected override async Task Handle(ConsumeContext<ReserveStock> context)
    {
        var reservation = await reservations.Reserve(context.Message, context.CancellationToken);
        await (reservation.State switch
        {
            ReservationState.Reserved or ReservationState.Sold => context.RespondAsync(new StockReserved(reservation.OrderId)),
            ReservationState.Rejected => context.RespondAsync(new StockReservationRejected(reservation.OrderId, reservation.Reason!)),
            _ => context.RespondAsync(new StockReservationRejected(reservation.OrderId, "The order's stock was released; it can no longer be reserved.")),
        });
    }
}
