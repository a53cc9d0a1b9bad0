using Sagas.Contracts.Orders;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Tests.Support;
using Sagas.Persistence;

namespace Sagas.Orchestrator.Tests.Orders;

/// <summary>
/// One order by "carol" (who has <paramref name="customerBalance"/> USD) from merchant "shop" (who has 0): two
/// widgets at 30 and one gadget at 40, 100 in all, shipped to <paramref name="country"/>.
/// </summary>
public static class OrderScenarios
{
    public const decimal Total = 100m;

    public static async Task<(SagaTestHost Host, Guid OrderId)> Start(DatabaseProvider provider, Action<MessageFaults>? faults = null, decimal customerBalance = 500m,
        string country = "US", int widgetsInStock = 10, decimal widgetPrice = 30m)
    {
        var host = await SagaTestHost.Start(provider, faults);
        await host.OpenAccount("carol", customerBalance);
        await host.OpenAccount("shop", 0m);
        await host.SetStock("widget", widgetsInStock);
        await host.SetStock("gadget", 5);

        var orderId = Guid.NewGuid();
        await host.Send(host.OrderSagas, new OrderSubmitted
        {
            CorrelationId = orderId,
            CustomerAccountId = "carol",
            MerchantAccountId = "shop",
            Currency = "USD",
            Items = [new OrderLine("widget", 2, widgetPrice), new OrderLine("gadget", 1, 40m)],
            ShipToCountry = country,
        });
        return (host, orderId);
    }

    /// <summary>Everything is as before the order: money where it was, stock all available, nothing reserved or sold.</summary>
    public static async Task AssertUndone(SagaTestHost host, decimal customerBalance = 500m)
    {
        Assert.Equal(customerBalance, await host.Balance("carol"));
        Assert.Equal(0m, await host.Balance("shop"));
        Assert.Equal((10, 0, 0), Stock(await host.Stock("widget")));
        Assert.Equal((5, 0, 0), Stock(await host.Stock("gadget")));
    }

    /// <summary>The order went through: the customer paid the merchant, and its items left the stock as sold.</summary>
    public static async Task AssertFulfilled(SagaTestHost host)
    {
        Assert.Equal(500m - Total, await host.Balance("carol"));
        Assert.Equal(Total, await host.Balance("shop"));
        Assert.Equal((8, 0, 2), Stock(await host.Stock("widget")));
        Assert.Equal((4, 0, 1), Stock(await host.Stock("gadget")));
    }

    public static string[] States(OrderState saga) => [.. saga.History.Select(step => step.To)];

    static (int, int, int) Stock(Inventory.StockSnapshot stock) => (stock.Available, stock.Reserved, stock.Sold);
}
