using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Shipping;
using Sagas.Messaging;

namespace Sagas.Workers.Shipping;

/// <summary>Shipping role: ships an order once, and answers every delivery with the first outcome.</summary>
sealed class ShipOrderConsumer(Shipments shipments, IMessageDispatcher dispatcher, ILogger<ShipOrderConsumer> logger)
    : WorkerConsumer<ShipOrder>(logger)
{
    protected override async Task Handle(ConsumeContext<ShipOrder> context)
    {
        var shipment = await shipments.Ship(context.Message, context.CancellationToken);
        await (shipment.State switch
        {
            ShipmentState.Shipped or ShipmentState.Cancelled => dispatcher.Dispatch(
                new OrderShipped(shipment.OrderId, shipment.TrackingNumber!), context, context.CancellationToken),
            ShipmentState.Rejected => dispatcher.Dispatch(
                new ShipmentRejected(shipment.OrderId, shipment.Reason!), context, context.CancellationToken),
            _ => dispatcher.Dispatch(
                new ShipmentRejected(shipment.OrderId, "The order's shipment was cancelled before it shipped."), context, context.CancellationToken),
        });
    }
}
