namespace Sagas.Inventory;

/// <summary>How many of a SKU can still be sold, how many are held for orders, and how many completed orders sold.</summary>
public sealed class StockLevel
{
    public required string Sku { get; init; }

    public int Available { get; set; }

    public int Reserved { get; set; }

    public int Sold { get; set; }
}
