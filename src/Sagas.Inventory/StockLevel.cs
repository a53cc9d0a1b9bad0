namespace Sagas.Inventory;

/// <summary>How many of a SKU can still be sold and how many are held for orders.</summary>
public sealed class StockLevel
{
    public required string Sku { get; init; }

    public int Available { get; set; }

    public int Reserved { get; set; }
}
