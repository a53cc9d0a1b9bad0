using Sagas.Contracts.Shipping;

namespace Sagas.Workers.Tests.Shipping;

public sealed class When_an_order_is_shipped
{
    [Fact]
    public async Task It_ships_once_and_every_delivery_gets_the_same_tracking_number()
    {
        await using var host = await WorkerHost.Start();
        var orderId = Guid.NewGuid();

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new ShipOrder(orderId, "gb", 2));

        var replies = await host.Replies<OrderShipped>(orderId, count: 3);
        Assert.Single(replies.Distinct());
        Assert.False(string.IsNullOrWhiteSpace(replies[0].TrackingNumber));
    }

    [Fact]
    public async Task To_a_country_not_served_it_is_refused()
    {
        await using var host = await WorkerHost.Start();
        var orderId = Guid.NewGuid();

        await host.Send(new ShipOrder(orderId, "KP", 1));

        Assert.Contains("'KP'", (await host.Reply<ShipmentRejected>(orderId)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_allow_list_comes_from_configuration()
    {
        await using var host = await WorkerHost.Start(settings: new Dictionary<string, string?>
        {
            ["Shipping:Countries:0"] = "BR",
        });
        var toBrazil = Guid.NewGuid();
        var toFrance = Guid.NewGuid();

        await host.Send(new ShipOrder(toBrazil, "BR", 1));
        await host.Send(new ShipOrder(toFrance, "FR", 1));

        await host.Reply<OrderShipped>(toBrazil);
        await host.Reply<ShipmentRejected>(toFrance);
    }

    [Fact]
    public async Task After_a_cancellation_it_is_refused()
    {
        await using var host = await WorkerHost.Start();
        var orderId = Guid.NewGuid();
        await host.Send(new CancelShipment(orderId));
        Assert.False((await host.Reply<ShipmentCancelled>(orderId)).WasShipped);

        await host.Send(new ShipOrder(orderId, "US", 1));

        Assert.Contains("was cancelled", (await host.Reply<ShipmentRejected>(orderId)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shipped_order_is_recalled_once_however_often_it_is_cancelled_and_never_ships_again()
    {
        await using var host = await WorkerHost.Start();
        var orderId = Guid.NewGuid();
        await host.Send(new ShipOrder(orderId, "US", 1));
        await host.Reply<OrderShipped>(orderId);

        await host.Send(new CancelShipment(orderId));
        await host.Send(new CancelShipment(orderId));
        await host.Send(new ShipOrder(orderId, "US", 1));

        var expected = new ShipmentCancelled(orderId, WasShipped: true);
        Assert.Equal([expected, expected], await host.Replies<ShipmentCancelled>(orderId, count: 2));
        Assert.Contains("was cancelled", (await host.Reply<ShipmentRejected>(orderId)).Reason, StringComparison.Ordinal);
        Assert.Single(host.RepliesSoFar<OrderShipped>(orderId));
    }
}
