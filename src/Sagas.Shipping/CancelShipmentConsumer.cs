using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Contracts.Shipping;
using Sagas.Hosting.Workers;

namespace Sagas.Shipping;

/// <summary>Shipping role: recalls an order's shipment if it shipped and fences the order.</summary>
sealed class CancelShipmentConsumer(Shipments shipments, ILogger<CancelShipmentConsumer> logger)
    : WorkerConsumer<CancelShipment>(logger)
{
    protected override async Task Handle(ConsumeContext<CancelShipment> context)
    {
        var shipment = await shipments.Cancel(context.Message.CorrelationId, context.CancellationToken);
        await context.RespondAsync(new ShipmentCancelled(shipment.OrderId, WasShipped: shipment.State == ShipmentState.Cancelled));
    }
}
