using MassTransit.Testing;
using Sagas.Contracts.Notifications;
using Sagas.Orchestrator.Transfers;
using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Transfers.TransferScenarios;

namespace Sagas.Orchestrator.Tests.Transfers;

public class When_a_transfer_goes_through
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task It_moves_the_money_and_completes(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;

        var saga = await host.Transfer(id, "Completed");

        await AssertBalances(host, alice: 400m, bob: 150m);
        Assert.Equal(["Screening", "Debiting", "Crediting", "Completed"], States(saga));
        Assert.Equal(["TransferRequested", "FraudCheckPassed", "AccountDebited", "AccountCredited"], saga.History.Select(step => step.Event));
        Assert.Null(saga.Reason);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task It_notifies_once_about_the_completion(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;

        await host.Transfer(id, "Completed");
        await host.Settle();

        var notifications = host.Harness.Published.Select<SendNotification>().Select(m => m.Context.Message).Where(m => m.CorrelationId == id).ToList();
        var notification = Assert.Single(notifications);
        Assert.Equal((TransferStateMachine.SagaType, "Completed"), (notification.SagaType, notification.State));
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Replies_arriving_again_change_nothing(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;
        var completed = await host.Transfer(id, "Completed");

        await host.Publish(new Contracts.Ledger.AccountDebited(id, "alice", Amount, "USD"));
        await host.Publish(new Contracts.Ledger.DebitRejected(id, "late and wrong"));
        await host.Publish(new Contracts.Ledger.CreditRejected(id, "late and wrong"));
        await host.Settle();

        var saga = await host.Transfer(id, "Completed");
        Assert.Equal(completed.History.Count, saga.History.Count);
        await AssertBalances(host, alice: 400m, bob: 150m);
    }
}
