using Microsoft.Extensions.Options;
using Sagas.Contracts.Events;
using Sagas.Contracts.Inventory;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Inventory;

/// <summary>
/// Appends a stock movement to the inventory's log and writes its event to <c>inventory.events</c> as an outbox row, in
/// the caller's transaction: one event per movement, keyed by the order (or, set by hand, by the SKU).
/// </summary>
sealed class StockMovementLog(InventoryDbContext db, OutboxSendEndpoints<InventoryDbContext> outbox, IOptions<TopicOptions> topics, TimeProvider clock)
{
    public async Task Record(Guid? orderId, StockMovementKind kind, IEnumerable<(string Sku, int Available, int Reserved, int Sold)> changes,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var movements = changes.Select(change => new StockMovement
        {
            OrderId = orderId, Kind = kind, Sku = change.Sku, Available = change.Available, Reserved = change.Reserved, Sold = change.Sold,
            RecordedAt = now,
        }).ToList();
        db.Movements.AddRange(movements);
        // Saved now, while the caller holds the SKUs' rows, so the event carries the sequences and they grow per SKU in commit order.
        await db.SaveChangesAsync(cancellationToken);

        var key = orderId ?? StreamKeys.Sku(movements[0].Sku);
        var endpoint = await outbox.GetSendEndpoint(TopicAddress.For(topics.Value.InventoryEvents));
        await endpoint.Send(new StockChanged(key, orderId, kind.ToString(),
            [.. movements.Select(m => new StockDelta(m.Id, m.Sku, m.Available, m.Reserved, m.Sold))], now), cancellationToken);
    }
}
