using MassTransit.Testing;
using Sagas.Contracts.Fraud;
using Sagas.Contracts.Ledger;
using Sagas.Contracts.Notifications;
using Sagas.Kafka;
using Sagas.Orchestrator.Tests.Support;
using Sagas.Orchestrator.Transfers;
using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Transfers.TransferScenarios;

namespace Sagas.Orchestrator.Tests.Transfers;

public class When_a_transfer_goes_through
{
    // The harness's Select blocks until its timeout for more matches unless the token is already cancelled.
    static readonly CancellationToken AlreadyCancelled = new(canceled: true);

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

    [Fact]
    public async Task Each_command_is_sent_to_its_worker_topic_and_consumed_there()
    {
        var (host, id) = await Start(DatabaseProvider.Sqlite);
        await using var _ = host;

        await host.Transfer(id, "Completed");

        await AssertSentTo<CheckFraud>(host, id, host.Topics.Fraud);
        await AssertSentTo<DebitAccount>(host, id, host.Topics.Debit);
        await AssertSentTo<CreditAccount>(host, id, host.Topics.Credit);
        await AssertSentTo<SendNotification>(host, id, host.Topics.Notify);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task It_notifies_once_about_the_completion(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;

        await host.Transfer(id, "Completed");
        await Eventually.Until(() => Task.FromResult(Consumed<SendNotification>(host, id)), "the notify worker consumed the notification");

        var notification = Assert.Single(host.SentSoFar<SendNotification>(id)).Message;
        Assert.Equal((TransferStateMachine.SagaType, "Completed"), (notification.SagaType, notification.State));
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Replies_arriving_again_change_nothing(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider);
        await using var _ = host;
        var completed = await host.Transfer(id, "Completed");

        await host.SendAndWait(host.TransferSagas, new AccountDebited(id, "alice", Amount, "USD"));
        await host.SendAndWait(host.TransferSagas, new DebitRejected(id, "late and wrong"));
        await host.SendAndWait(host.TransferSagas, new CreditRejected(id, "late and wrong"));

        var saga = await host.Transfer(id, "Completed");
        Assert.Equal(completed.History.Count, saga.History.Count);
        await AssertBalances(host, alice: 400m, bob: 150m);
    }

    /// <summary>The saga's command went to the worker's topic address, once, and the worker there consumed it.</summary>
    static async Task AssertSentTo<T>(SagaTestHost host, Guid id, string topic)
        where T : class
    {
        // The last command (the notification) leaves after the commit that completed the saga: wait for it to arrive.
        await Eventually.Until(() => Task.FromResult(Consumed<T>(host, id)), $"the {topic} worker consumed {typeof(T).Name}");
        var (_, destination) = Assert.Single(host.SentSoFar<T>(id));
        Assert.EndsWith($"/{topic}", destination?.AbsolutePath, StringComparison.Ordinal);
    }

    static bool Consumed<T>(SagaTestHost host, Guid id)
        where T : class =>
        host.Harness.Consumed.Select<T>(AlreadyCancelled).Any(message => RecordKey.Of(message.Context.Message) == id);
}
