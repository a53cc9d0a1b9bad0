using Microsoft.EntityFrameworkCore;
using Sagas.Contracts.Inventory;
using Sagas.Inventory;
using Sagas.Testing;

namespace Sagas.Workers.Tests.Inventory;

public sealed class When_stock_is_sold
{
    [Fact]
    public Task The_held_stock_is_sold_once_however_often_the_command_arrives() => SellsOnce(onPostgres: false);

    [PostgresFact]
    public Task The_held_stock_is_sold_once_on_postgres() => SellsOnce(onPostgres: true);

    [Fact]
    public async Task A_release_after_the_sale_changes_nothing_and_says_so()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        var orderId = Guid.NewGuid();
        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 4)]));
        await host.Reply<StockReserved>(orderId);
        await host.Send(new SellStock(orderId));
        await host.Reply<StockSold>(orderId);

        await host.Send(new ReleaseStock(orderId));

        Assert.Contains("was sold", (await host.Reply<StockReleaseRejected>(orderId)).Reason, StringComparison.Ordinal);
        Assert.Empty(host.RepliesSoFar<StockReleased>(orderId));
        Assert.Equal(new StockSnapshot("apple", 6, 0, 4), await host.StockOf("apple"));

        // A late duplicate of the reservation gets the answer its first delivery got, and holds nothing more.
        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 4)]));
        await host.Replies<StockReserved>(orderId, count: 2);
        Assert.Equal(new StockSnapshot("apple", 6, 0, 4), await host.StockOf("apple"));
    }

    [Fact]
    public async Task An_order_that_holds_nothing_is_refused_and_nothing_changes()
    {
        await using var host = await WorkerHost.Start();
        await host.Stock("apple", 10);
        var (unknown, released, refused) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await host.Send(new ReserveStock(released, [new StockItem("apple", 4)]));
        await host.Reply<StockReserved>(released);
        await host.Send(new ReleaseStock(released));
        await host.Reply<StockReleased>(released);
        await host.Send(new ReserveStock(refused, [new StockItem("apple", 11)]));
        await host.Reply<StockReservationRejected>(refused);

        await host.Send(new SellStock(unknown));
        await host.Send(new SellStock(released));
        await host.Send(new SellStock(refused));

        Assert.Contains("holds no reservation", (await host.Reply<StockSaleRejected>(unknown)).Reason, StringComparison.Ordinal);
        Assert.Contains("was released", (await host.Reply<StockSaleRejected>(released)).Reason, StringComparison.Ordinal);
        Assert.Contains("never reserved", (await host.Reply<StockSaleRejected>(refused)).Reason, StringComparison.Ordinal);
        Assert.Equal(new StockSnapshot("apple", 10, 0, 0), await host.StockOf("apple"));

        // The refused sale left no mark: the unknown order can still reserve.
        await host.Send(new ReserveStock(unknown, [new StockItem("apple", 1)]));
        await host.Reply<StockReserved>(unknown);
        Assert.Equal(new StockSnapshot("apple", 9, 1, 0), await host.StockOf("apple"));
    }

    static async Task SellsOnce(bool onPostgres)
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: onPostgres);
        await host.Stock("apple", 10);
        await host.Stock("pear", 5);
        var (sold, held) = (Guid.NewGuid(), Guid.NewGuid());
        await host.Send(new ReserveStock(sold, [new StockItem("apple", 4), new StockItem("pear", 2)]));
        await host.Send(new ReserveStock(held, [new StockItem("apple", 1)]));
        await host.Reply<StockReserved>(sold);
        await host.Reply<StockReserved>(held);

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new SellStock(sold));

        Assert.Equal(3, (await host.Replies<StockSold>(sold, count: 3)).Count);
        Assert.Empty(host.RepliesSoFar<StockSaleRejected>(sold));
        Assert.Equal(new StockSnapshot("apple", 5, 1, 4), await host.StockOf("apple"));
        Assert.Equal(new StockSnapshot("pear", 3, 0, 2), await host.StockOf("pear"));
        Assert.Equal(ReservationState.Sold, await host.With<InventoryDbContext, ReservationState>(db =>
            db.Reservations.Where(reservation => reservation.OrderId == sold).Select(reservation => reservation.State).SingleAsync()));
    }
}
