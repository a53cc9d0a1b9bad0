namespace Sagas.Contracts.Inventory;

/// <summary>How one stock movement changed one SKU; Sequence is its position in the inventory's movement log.</summary>
public record StockDelta(long Sequence, string Sku, int Available, int Reserved, int Sold);

/// <summary>
/// Inventory → read side, on <c>inventory.events</c>: one stock movement (Reserved, Released, Sold, or Set by hand), as
/// deltas per SKU, so a view sums them in any order. CorrelationId is the order's id, or the SKU's stream key
/// (<see cref="Events.StreamKeys.Sku"/>) for stock set by hand.
/// </summary>
public record StockChanged(Guid CorrelationId, Guid? OrderId, string Kind, IReadOnlyList<StockDelta> Changes, DateTimeOffset At);
