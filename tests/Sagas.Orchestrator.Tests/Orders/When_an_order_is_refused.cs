using Sagas.Contracts.Inventory;
using Sagas.Contracts.Ledger;
using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Orders.OrderScenarios;

namespace Sagas.Orchestrator.Tests.Orders;

public class When_an_order_is_refused
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Fraud_rejects_a_large_order(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, customerBalance: 50_000m, widgetPrice: 6_000m);
        await using var _ = host;

        await host.Order(id, "Rejected");

        await AssertUndone(host, customerBalance: 50_000m);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Short_stock_rejects_the_order_and_holds_nothing(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, widgetsInStock: 1);
        await using var _ = host;

        await host.Order(id, "Rejected");

        Assert.Equal(500m, await host.Balance("carol"));
        Assert.Equal((1, 0), ((await host.Stock("widget")).Available, (await host.Stock("widget")).Reserved));
        Assert.Equal(0, (await host.Stock("gadget")).Reserved);
        Assert.False(host.Sent<DebitAccount>(id));
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_refused_payment_releases_the_stock_and_cancels(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, customerBalance: 99m);
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");

        Assert.Equal(["Screening", "Reserving", "Charging", "ReleasingStock", "Cancelled"], States(saga));
        await AssertUndone(host, customerBalance: 99m);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_refused_shipment_refunds_releases_and_cancels(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, country: "AQ");
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");

        Assert.Equal(["Screening", "Reserving", "Charging", "Shipping", "RefundingPayment", "ReleasingStock", "Cancelled"], States(saga));
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_fraud_check_that_never_answers_cancels_the_order_with_nothing_held(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.LoseAll<Contracts.Fraud.CheckFraud>());
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");

        Assert.Equal("The fraud check timed out.", saga.Reason);
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_reservation_that_never_arrived_is_fenced_and_the_order_cancelled(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<ReserveStock>());
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");

        Assert.Equal(["Screening", "Reserving", "ReleasingStock", "Cancelled"], States(saga));
        Assert.Single(host.Faults.Lost<ReserveStock>());
        await host.DeliverLostCommands<ReserveStock>();
        Assert.True(host.Answered<StockReservationRejected>(id));
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_payment_that_times_out_is_fenced_and_the_order_cancelled(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<DebitAccount>());
        await using var _ = host;

        await host.Order(id, "Cancelled");

        await AssertUndone(host);
        Assert.Single(host.Faults.Lost<DebitAccount>());
        await host.DeliverLostCommands<DebitAccount>();
        Assert.True(host.Answered<DebitRejected>(id));
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_shipment_that_times_out_is_recalled_and_the_order_cancelled(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<Contracts.Shipping.ShipOrder>());
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");

        Assert.Contains("RecallingShipment", States(saga));
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_merchant_credit_whose_reply_was_lost_is_reversed_and_the_order_cancelled(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<AccountCredited>());
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");

        Assert.Contains("VoidingMerchantCredit", States(saga));
        await AssertUndone(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_lost_stock_release_is_sent_again(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<Contracts.Shipping.ShipOrder>().Lose<ReleaseStock>());
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");

        Assert.Equal(1, saga.CompensationAttempts);
        await AssertUndone(host);
    }
}
