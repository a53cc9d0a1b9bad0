using Sagas.Inventory;

namespace Sagas.Workers.Tests.Inventory;

static class InventoryAssertions
{
    public static async Task Stock(this WorkerHost host, string sku, int available)
    {
        var result = await host.With<InventoryService, SetStockResult>(inventory => inventory.SetAvailable(sku, available));
        Assert.Null(result.Error);
    }

    public static async Task<StockSnapshot> StockOf(this WorkerHost host, string sku) =>
        await host.With<InventoryService, StockSnapshot?>(inventory => inventory.Get(sku))
        ?? throw new InvalidOperationException($"No SKU '{sku}'.");
}
