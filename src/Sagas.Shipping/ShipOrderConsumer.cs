using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Shipping;
using Sagas.Hosting.Workers;

namespace Sagas.Shipping;

/// <summary>Shipping role: ships an order once; a duplicate gets the stored outcome, a refusal after a cancellation.</summary>
sealed class ShipOrderConsumer(Shipments shipments, ILogger<ShipOrderConsumer> logger)
    : WorkerConsumer<ShipOrder>(logger)
{
    protected override async Task Handle(ConsumeContext<ShipOrder> context)
    {
        var shipment = await shipments.Ship(context.Message, context.CancellationToken);
        await (shipment.State switch
        {
            ShipmentState.Shipped => context.RespondAsync(new OrderShipped(shipment.OrderId, shipment.TrackingNumber!)),
            ShipmentState.Rejected => context.RespondAsync(new ShipmentRejected(shipment.OrderId, shipment.Reason!)),
            _ => context.RespondAsync(new ShipmentRejected(shipment.OrderId, "The order's shipment was cancelled; it can no longer ship.")),
        });
    }
}
