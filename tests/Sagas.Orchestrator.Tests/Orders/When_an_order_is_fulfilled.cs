using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Orders.OrderScenarios;

namespace Sagas.Orchestrator.Tests.Orders;

public class When_an_order_is_fulfilled
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task It_charges_the_customer_ships_and_pays_the_merchant(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;

        var saga = await host.Order(id, "Completed");

        Assert.Equal(["Screening", "Reserving", "Charging", "Shipping", "PayingMerchant", "Completed"], States(saga));
        Assert.Equal(Total, saga.Total);
        Assert.False(string.IsNullOrEmpty(saga.TrackingNumber));
        Assert.Equal(400m, await host.Balance("carol"));
        Assert.Equal(100m, await host.Balance("shop"));
        Assert.Equal(8, (await host.Stock("widget")).Available);
    }
}
