using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sagas.Hosting.Workers;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Inventory;

/// <summary>Stock as the orchestrator's HTTP API sees it: set what is available, read a SKU.</summary>
public sealed class InventoryService(InventoryDbContext db, OutboxSendEndpoints<InventoryDbContext> outbox, IOptions<TopicOptions> topics,
    TimeProvider clock)
{
    readonly StockMovementLog movements = new(db, outbox, topics, clock);

    /// <summary>
    /// Sets how many of the SKU can be sold, creating it if new; reservations already held stay held. Logged as a
    /// movement by the difference, read under the row's lock so a concurrent reservation cannot slip in between.
    /// </summary>
    public async Task<SetStockResult> SetAvailable(string sku, int available, CancellationToken cancellationToken = default)
    {
        if (Skus.Validate(sku) is { } error)
            return new SetStockResult(null, error);
        if (available < 0)
            return new SetStockResult(null, "The available quantity cannot be negative.");

        return new SetStockResult(await Transactions.Run(db, async token =>
        {
            // Writing the value onto itself takes the row's lock before it is read.
            var exists = await db.Stock.Where(s => s.Sku == sku).ExecuteUpdateAsync(set => set.SetProperty(s => s.Available, s => s.Available), token) == 1;
            var before = exists ? await db.Stock.Where(s => s.Sku == sku).Select(s => s.Available).SingleAsync(token) : 0;
            if (exists)
                await db.Stock.Where(s => s.Sku == sku).ExecuteUpdateAsync(set => set.SetProperty(s => s.Available, available), token);
            else
                db.Stock.Add(new StockLevel { Sku = sku, Available = available });
            if (!exists || available != before)
                await movements.Record(null, StockMovementKind.Set, [(sku, available - before, 0, 0)], token);
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
