using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Shipping;
using Sagas.Messaging;

namespace Sagas.Workers.Shipping;

/// <summary>Shipping role: ships an order once; a duplicate gets the stored outcome, a refusal after a cancellation.</summary>
sealed class ShipOrderConsumer(Shipments shipments, IMessageDispatcher dispatcher, ILogger<ShipOrderConsumer> logger)
    : WorkerConsumer<ShipOrder>(logger)
{
    protected override async Task Handle(ConsumeContext<ShipOrder> context)
    {
        var shipment = await shipments.Ship(context.Message, context.CancellationToken);
        await (shipment.State switch
        {
            ShipmentState.Shipped => dispatcher.Dispatch(
                new OrderShipped(shipment.OrderId, shipment.TrackingNumber!), context, context.CancellationToken),
            ShipmentState.Rejected => dispatcher.Dispatch(
                new ShipmentRejected(shipment.OrderId, shipment.Reason!), context, context.CancellationToken),
            _ => dispatcher.Dispatch(
                new ShipmentRejected(shipment.OrderId, "The order's shipment was cancelled; it can no longer ship."), context, context.CancellationToken),
        });
    }
}
