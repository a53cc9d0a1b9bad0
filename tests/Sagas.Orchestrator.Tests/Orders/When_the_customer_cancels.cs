using Sagas.Contracts.Ledger;
using Sagas.Contracts.Orders;
using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Orders.OrderScenarios;

namespace Sagas.Orchestrator.Tests.Orders;

public class When_the_customer_cancels
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Before_payment_completes_the_payment_is_fenced_and_the_stock_released(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<DebitAccount>());
        await using var _ = host;
        await host.Order(id, "Charging");

        await host.Send(host.OrderSagas, new OrderCancellationRequested(id));

        var saga = await host.Order(id, "Cancelled");
        Assert.Equal("Cancelled by the customer.", saga.Reason);
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task While_stock_is_being_reserved_the_reservation_is_released(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<Contracts.Inventory.StockReserved>());
        await using var _ = host;
        await host.Order(id, "Reserving");

        await host.Send(host.OrderSagas, new OrderCancellationRequested(id));

        await host.Order(id, "Cancelled");
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task After_shipping_started_the_request_changes_nothing(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;
        var completed = await host.Order(id, "Completed");

        await host.SendAndWait(host.OrderSagas, new OrderCancellationRequested(id));

        var saga = await host.Order(id, "Completed");
        Assert.Equal(completed.History.Count, saga.History.Count);
        Assert.Null(saga.Reason);
        Assert.Equal(100m, await host.Balance("shop"));
    }
}
