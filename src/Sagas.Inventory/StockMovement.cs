namespace Sagas.Inventory;

/// <summary>
/// One SKU's part of a stock movement, appended and never changed: what the movement did to the SKU's available,
/// reserved and sold counts. <see cref="Id"/> is the movement log's sequence, the position its event carries.
/// </summary>
public sealed class StockMovement
{
    public long Id { get; init; }

    /// <summary>The order that moved the stock; null for stock set by hand or carried over from before the log.</summary>
    public Guid? OrderId { get; init; }

    public StockMovementKind Kind { get; init; }

    public required string Sku { get; init; }

    public int Available { get; init; }

    public int Reserved { get; init; }

    public int Sold { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>Why stock moved.</summary>
public enum StockMovementKind
{
    /// <summary>The stock a SKU held when the log began (schema step 4), so the log sums to the levels.</summary>
    Carried,

    /// <summary>Someone set how many can be sold.</summary>
    Set,

    Reserved,
    Released,
    Sold,
}
