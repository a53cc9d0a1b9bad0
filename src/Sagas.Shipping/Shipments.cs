using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Shipping;
using Sagas.Hosting.Workers;

namespace Sagas.Shipping;

/// <summary>Ships an order at most once, and cancels it at most once, fencing the order against a late ShipOrder.</summary>
sealed class Shipments(ShippingDbContext db, IOptionsMonitor<ShippingOptions> options, TimeProvider clock, ILogger<Shipments> logger)
{
    /// <summary>Ships or refuses the order, or returns what the first delivery of the command stored.</summary>
    public Task<Shipment> Ship(ShipOrder command, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            if (await Find(command.CorrelationId, token) is { } stored)
                return stored;

            var now = clock.GetUtcNow();
            var country = command.ShipToCountry?.Trim().ToUpperInvariant() ?? string.Empty;
            var refusal = !options.CurrentValue.ServedCountries.Contains(country) ? $"We do not ship to '{command.ShipToCountry}'."
                : command.ItemCount <= 0 ? "A shipment needs at least one item."
                : null;
            if (refusal is not null)
            {
                logger.LogWarning("Shipment of order {CorrelationId} refused: {Reason}", command.CorrelationId, refusal);
                return Add(new Shipment
                {
                    OrderId = command.CorrelationId, State = ShipmentState.Rejected, Reason = refusal, CreatedAt = now, UpdatedAt = now,
                });
            }

            return Add(new Shipment
            {
                OrderId = command.CorrelationId, State = ShipmentState.Shipped, Country = country, ItemCount = command.ItemCount,
                TrackingNumber = TrackingNumberOf(command.CorrelationId), CreatedAt = now, UpdatedAt = now,
            });
        }, cancellationToken);

    /// <summary>Recalls the order's shipment if it shipped and closes the order for good; returns the shipment as it ends.</summary>
    public Task<Shipment> Cancel(Guid orderId, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            var now = clock.GetUtcNow();
            var stored = await Find(orderId, token);
            if (stored is null)
                return Add(new Shipment { OrderId = orderId, State = ShipmentState.Fenced, CreatedAt = now, UpdatedAt = now });
            if (stored.State != ShipmentState.Shipped)
                return stored;

            await db.Shipments.Where(s => s.OrderId == orderId && s.State == ShipmentState.Shipped)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.State, ShipmentState.Cancelled).SetProperty(s => s.UpdatedAt, now), token);
            logger.LogInformation("Shipment {TrackingNumber} of order {CorrelationId} recalled", stored.TrackingNumber, orderId);
            return await Find(orderId, token) ?? stored;
        }, cancellationToken);

    /// <summary>Derived from the order id, so two racing deliveries of one ShipOrder agree on it.</summary>
    static string TrackingNumberOf(Guid orderId) => $"TRK-{orderId:N}"[..16].ToUpperInvariant();

    Task<Shipment?> Find(Guid orderId, CancellationToken cancellationToken) =>
        db.Shipments.AsNoTracking().SingleOrDefaultAsync(s => s.OrderId == orderId, cancellationToken);

    Shipment Add(Shipment shipment)
    {
        db.Shipments.Add(shipment);
        return shipment;
    }
}
