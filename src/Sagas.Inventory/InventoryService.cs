using Microsoft.EntityFrameworkCore;
using Sagas.Hosting.Workers;

namespace Sagas.Inventory;

/// <summary>Stock as the orchestrator's HTTP API sees it: set what is available, read a SKU.</summary>
public sealed class InventoryService(InventoryDbContext db)
{
    /// <summary>Sets how many of the SKU can be sold, creating it if new; reservations already held stay held.</summary>
    public async Task<SetStockResult> SetAvailable(string sku, int available, CancellationToken cancellationToken = default)
    {
        if (Skus.Validate(sku) is { } error)
            return new SetStockResult(null, error);
        if (available < 0)
            return new SetStockResult(null, "The available quantity cannot be negative.");

        return new SetStockResult(await Transactions.Run(db, async token =>
        {
            var updated = await db.Stock.Where(s => s.Sku == sku)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Available, available), token);
            if (updated == 0)
                db.Stock.Add(new StockLevel { Sku = sku, Available = available });
            await db.SaveChangesAsync(token);
            return await Read(sku, token);
        }, cancellationToken), null);
    }

    /// <summary>The SKU's stock, or null when it is unknown.</summary>
    public Task<StockSnapshot?> Get(string sku, CancellationToken cancellationToken = default) => Read(sku, cancellationToken);

    Task<StockSnapshot?> Read(string sku, CancellationToken cancellationToken) =>
        db.Stock.AsNoTracking().Where(s => s.Sku == sku)
            .Select(s => new StockSnapshot(s.Sku, s.Available, s.Reserved, s.Sold)).SingleOrDefaultAsync(cancellationToken);
}

/// <summary>One SKU's stock: what can still be sold, what is held for orders in progress, what completed orders sold.</summary>
public sealed record StockSnapshot(string Sku, int Available, int Reserved, int Sold);

/// <summary>The stock after SetAvailable, or why the request was invalid.</summary>
public sealed record SetStockResult(StockSnapshot? Stock, string? Error);
