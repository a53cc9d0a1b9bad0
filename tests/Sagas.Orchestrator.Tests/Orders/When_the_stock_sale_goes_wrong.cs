using Sagas.Contracts.Inventory;
using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Orders.OrderScenarios;

namespace Sagas.Orchestrator.Tests.Orders;

/// <summary>The merchant is paid before the stock is sold, so from there on the order only goes forward: nothing is refunded.</summary>
public class When_the_stock_sale_goes_wrong
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_lost_sale_is_sent_again_and_the_order_completes(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<SellStock>());
        await using var _ = host;

        var saga = await host.Order(id, "Completed");

        Assert.Equal(["Screening", "Reserving", "Charging", "Shipping", "PayingMerchant", "SellingStock", "Completed"], States(saga));
        Assert.Equal(1, saga.CompensationAttempts);
        Assert.Single(host.Faults.Lost<SellStock>());
        await AssertFulfilled(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_sale_the_inventory_refuses_completes_the_order_and_says_why(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<SellStock>());
        await using var _ = host;
        await host.Order(id, "SellingStock");
        // Someone gave the order's stock back behind the saga's back: the re-sent sale finds nothing to sell.
        await host.SendAndWait(host.Topics.AddressOf<ReleaseStock>(), new ReleaseStock(id));

        var saga = await host.Order(id, "Completed");

        Assert.Contains("could not be recorded as sold", saga.Reason, StringComparison.Ordinal);
        Assert.True(host.Answered<StockSaleRejected>(id));
        Assert.Equal(400m, await host.Balance("carol"));
        Assert.Equal(Total, await host.Balance("shop"));
        Assert.Equal((10, 0, 0), ((await host.Stock("widget")).Available, (await host.Stock("widget")).Reserved, (await host.Stock("widget")).Sold));
    }
}
