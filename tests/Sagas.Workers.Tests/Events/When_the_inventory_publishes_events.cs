using Microsoft.EntityFrameworkCore;
using Sagas.Contracts.Events;
using Sagas.Contracts.Inventory;
using Sagas.Inventory;
using Sagas.Workers.Tests.Inventory;

namespace Sagas.Workers.Tests.Events;

/// <summary>
/// Every stock movement is logged and writes one event to <c>inventory.events</c>, keyed by its order (or by the SKU when
/// set by hand), whose deltas carry the movement log's sequences; the log sums to the stock levels.
/// </summary>
public sealed class When_the_inventory_publishes_events
{
    [Fact]
    public async Task An_order_reserves_then_sells_with_one_event_each()
    {
        await using var host = await RecordingProducer.Start();
        await host.Stock("apple", 10);
        await host.Stock("pear", 5);
        var orderId = Guid.NewGuid();

        await host.Send(new ReserveStock(orderId, [new StockItem("pear", 1), new StockItem("apple", 2)]));
        await host.Reply<StockReserved>(orderId);
        await host.Send(new ReserveStock(orderId, [new StockItem("pear", 1), new StockItem("apple", 2)]));
        await host.Replies<StockReserved>(orderId, count: 2);
        await host.Send(new SellStock(orderId));
        await host.Reply<StockSold>(orderId);

        var events = await host.Of<InventoryDbContext, StockChanged>();
        Assert.All(events, e => Assert.Equal("inventory.events", e.Topic));
        Assert.Equal(["Set", "Set", "Reserved", "Sold"], events.Select(e => e.Message.Kind));
        Assert.Equal([StreamKeys.Sku("apple"), StreamKeys.Sku("pear"), orderId, orderId], events.Select(e => e.Key));
        Assert.Equal([new StockDelta(3, "apple", -2, 2, 0), new StockDelta(4, "pear", -1, 1, 0)], events[2].Message.Changes);
        Assert.Equal([new StockDelta(5, "apple", 0, -2, 2), new StockDelta(6, "pear", 0, -1, 1)], events[3].Message.Changes);
        await AssertLogSumsToStock(host);
    }

    [Fact]
    public async Task A_release_returns_the_stock_and_a_refusal_moves_nothing()
    {
        await using var host = await RecordingProducer.Start();
        await host.Stock("apple", 3);
        var released = Guid.NewGuid();
        var refused = Guid.NewGuid();

        await host.Send(new ReserveStock(released, [new StockItem("apple", 2)]));
        await host.Reply<StockReserved>(released);
        await host.Send(new ReleaseStock(released));
        await host.Reply<StockReleased>(released);
        await host.Send(new ReserveStock(refused, [new StockItem("apple", 9)]));
        await host.Reply<StockReservationRejected>(refused);
        await host.Stock("apple", 3);
        await host.Stock("apple", 7);

        var events = await host.Of<InventoryDbContext, StockChanged>();
        Assert.Equal(["Set", "Reserved", "Released", "Set"], events.Select(e => e.Message.Kind));
        Assert.Equal(new StockDelta(3, "apple", 2, -2, 0), Assert.Single(events[2].Message.Changes));
        Assert.Equal(new StockDelta(4, "apple", 4, 0, 0), Assert.Single(events[3].Message.Changes));
        await AssertLogSumsToStock(host);
    }

    static async Task AssertLogSumsToStock(WorkerHost host)
    {
        var stock = await host.With<InventoryDbContext, List<StockLevel>>(db => db.Stock.AsNoTracking().OrderBy(s => s.Sku).ToListAsync());
        var log = await host.With<InventoryDbContext, List<StockMovement>>(db => db.Movements.AsNoTracking().ToListAsync());
        Assert.All(stock, level => Assert.Equal((level.Available, level.Reserved, level.Sold),
            (log.Where(m => m.Sku == level.Sku).Sum(m => m.Available), log.Where(m => m.Sku == level.Sku).Sum(m => m.Reserved),
                log.Where(m => m.Sku == level.Sku).Sum(m => m.Sold))));
    }
}
