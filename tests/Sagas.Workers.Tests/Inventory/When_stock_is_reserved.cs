using Sagas.Contracts.Inventory;
using Sagas.Inventory;

namespace Sagas.Workers.Tests.Inventory;

public sealed class When_stock_is_reserved
{
    [Fact]
    public async Task Every_item_is_held_once_however_often_the_command_arrives()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        await host.Stock("pear", 5);
        var orderId = Guid.NewGuid();
        var command = new ReserveStock(orderId, [new StockItem("apple", 3), new StockItem("pear", 5), new StockItem("apple", 1)]);

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(command);

        Assert.Equal(3, (await host.Replies<StockReserved>(orderId, count: 3)).Count);
        Assert.Equal(new StockSnapshot("apple", 6, 4, 0), await host.StockOf("apple"));
        Assert.Equal(new StockSnapshot("pear", 0, 5, 0), await host.StockOf("pear"));
    }

    [Theory]
    [InlineData("pear", 6, "Not enough stock of 'pear'")]
    [InlineData("plum", 1, "SKU 'plum' is unknown")]
    [InlineData("pear", 0, "greater than zero")]
    public async Task When_one_item_cannot_be_held_none_is(string sku, int quantity, string reason)
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        await host.Stock("pear", 5);
        var orderId = Guid.NewGuid();

        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 3), new StockItem(sku, quantity)]));

        Assert.Contains(reason, (await host.Reply<StockReservationRejected>(orderId)).Reason, StringComparison.Ordinal);
        Assert.Equal(new StockSnapshot("apple", 10, 0, 0), await host.StockOf("apple"));
        Assert.Equal(new StockSnapshot("pear", 5, 0, 0), await host.StockOf("pear"));
    }

    [Fact]
    public async Task Concurrent_orders_never_oversell()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        var orderIds = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(orderIds.Select(orderId => host.Send(new ReserveStock(orderId, [new StockItem("apple", 2)]))));

        await Sagas.Testing.Eventually.Until(() => Task.FromResult(orderIds.All(id =>
                host.RepliesSoFar<StockReserved>(id).Count + host.RepliesSoFar<StockReservationRejected>(id).Count == 1)),
            "every order got its reservation reply");
        Assert.Equal(5, orderIds.Count(id => host.RepliesSoFar<StockReserved>(id).Count == 1));
        Assert.Equal(new StockSnapshot("apple", 0, 10, 0), await host.StockOf("apple"));
    }

    [Fact]
    public async Task Reserving_in_parallel_from_many_scopes_never_oversells()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 7);
        await host.Stock("pear", 100);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => host.With<StockReservations, Reservation>(reservations =>
            reservations.Reserve(new ReserveStock(Guid.NewGuid(), [new StockItem("pear", 1), new StockItem("apple", 1)]), CancellationToken.None))));

        Assert.Equal(7, outcomes.Count(o => o.State == ReservationState.Reserved));
        Assert.Equal(new StockSnapshot("apple", 0, 7, 0), await host.StockOf("apple"));
        Assert.Equal(new StockSnapshot("pear", 93, 7, 0), await host.StockOf("pear"));
    }
}
