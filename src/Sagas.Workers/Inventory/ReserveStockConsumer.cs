using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Inventory;
using Sagas.Messaging;

namespace Sagas.Workers.Inventory;

/// <summary>Inventory role: holds an order's items all or nothing, once; a duplicate gets the stored outcome, a refusal after a release.</summary>
sealed class ReserveStockConsumer(StockReservations reservations, IMessageDispatcher dispatcher, ILogger<ReserveStockConsumer> logger)
    : WorkerConsumer<ReserveStock>(logger)
{
    protected override async Task Handle(ConsumeContext<ReserveStock> context)
    {
        var reservation = await reservations.Reserve(context.Message, context.CancellationToken);
        await (reservation.State switch
        {
            ReservationState.Reserved => dispatcher.Dispatch(
                new StockReserved(reservation.OrderId), context, context.CancellationToken),
            ReservationState.Rejected => dispatcher.Dispatch(
                new StockReservationRejected(reservation.OrderId, reservation.Reason!), context, context.CancellationToken),
            _ => dispatcher.Dispatch(
                new StockReservationRejected(reservation.OrderId, "The order's stock was released; it can no longer be reserved."),
                context, context.CancellationToken),
        });
    }
}
