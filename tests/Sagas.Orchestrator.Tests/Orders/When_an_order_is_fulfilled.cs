using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Orders.OrderScenarios;

namespace Sagas.Orchestrator.Tests.Orders;

public class When_an_order_is_fulfilled
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task It_charges_the_customer_ships_pays_the_merchant_and_sells_the_stock(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;

        var saga = await host.Order(id, "Completed");

        Assert.Equal(["Screening", "Reserving", "Charging", "Shipping", "PayingMerchant", "SellingStock", "Completed"], States(saga));
        Assert.Equal(Total, saga.Total);
        Assert.False(string.IsNullOrEmpty(saga.TrackingNumber));
        Assert.Null(saga.Reason);
        await AssertFulfilled(host);
    }
}
