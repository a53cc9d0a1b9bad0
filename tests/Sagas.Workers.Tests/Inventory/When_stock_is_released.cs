using Sagas.Contracts.Inventory;
using Sagas.Inventory;

namespace Sagas.Workers.Tests.Inventory;

public sealed class When_stock_is_released
{
    [Fact]
    public async Task The_held_stock_returns_once_however_often_the_command_arrives()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        var orderId = Guid.NewGuid();
        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 4)]));
        await host.Reply<StockReserved>(orderId);

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new ReleaseStock(orderId));

        Assert.Equal(3, (await host.Replies<StockReleased>(orderId, count: 3)).Count);
        Assert.Equal(new StockSnapshot("apple", 10, 0, 0), await host.StockOf("apple"));

        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 4)]));

        Assert.Contains("was released", (await host.Reply<StockReservationRejected>(orderId)).Reason, StringComparison.Ordinal);
        Assert.Equal(new StockSnapshot("apple", 10, 0, 0), await host.StockOf("apple"));
    }

    [Fact]
    public async Task Before_the_reservation_it_fences_the_order()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        var orderId = Guid.NewGuid();
        await host.Send(new ReleaseStock(orderId));
        await host.Reply<StockReleased>(orderId);

        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 4)]));

        Assert.Contains("was released", (await host.Reply<StockReservationRejected>(orderId)).Reason, StringComparison.Ordinal);
        Assert.Equal(new StockSnapshot("apple", 10, 0, 0), await host.StockOf("apple"));
    }

    [Fact]
    public async Task Setting_available_stock_keeps_what_orders_hold()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        var orderId = Guid.NewGuid();
        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 4)]));
        await host.Reply<StockReserved>(orderId);

        await host.Stock("apple", 20);
        await host.Send(new ReleaseStock(orderId));
        await host.Reply<StockReleased>(orderId);

        Assert.Equal(new StockSnapshot("apple", 24, 0, 0), await host.StockOf("apple"));
    }

    [Theory]
    [InlineData("", 1, "required")]
    [InlineData("apple", -1, "negative")]
    public async Task Invalid_stock_settings_are_refused(string sku, int available, string error)
    {
        await using var host = await WorkerHost.Start();

        var result = await host.With<InventoryService, SetStockResult>(inventory => inventory.SetAvailable(sku, available));

        Assert.Contains(error, result.Error, StringComparison.Ordinal);
        Assert.Null(await host.With<InventoryService, StockSnapshot?>(inventory => inventory.Get("apple")));
    }
}
