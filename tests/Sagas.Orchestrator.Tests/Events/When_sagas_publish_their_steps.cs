using Sagas.Contracts.Orders;
using Sagas.Contracts.Sagas;
using Sagas.Persistence;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Events;

/// <summary>
/// Each step of a saga's history goes to <c>saga.events</c> as one event, keyed by the saga, numbered by the step:
/// SagaStarted for the first, SagaEnded for the one into a terminal state, SagaStepped between.
/// </summary>
public class When_sagas_publish_their_steps
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_transfer_publishes_each_step_once(DatabaseProvider provider)
    {
        var (host, id) = await Transfers.TransferScenarios.Start(provider);
        await using var _ = host;

        var saga = await host.Transfer(id, "Completed");
        await Ended(host, id);

        var started = Assert.Single(host.SentSoFar<SagaStarted>(id));
        Assert.EndsWith("/saga.events", started.Destination?.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(("transfer", 1, "Screening", "alice", "bob", 100m, "USD"), (started.Message.SagaType, started.Message.Step,
            started.Message.State, started.Message.AccountId, started.Message.CounterpartyAccountId, started.Message.Amount, started.Message.Currency));
        var stepped = host.SentSoFar<SagaStepped>(id);
        Assert.Equal([(2, "Screening", "Debiting"), (3, "Debiting", "Crediting")], stepped.Select(s => (s.Message.Step, s.Message.From, s.Message.To)));
        Assert.All(stepped, s => Assert.EndsWith("/saga.events", s.Destination?.AbsolutePath, StringComparison.Ordinal));
        var ended = Assert.Single(host.SentSoFar<SagaEnded>(id)).Message;
        Assert.Equal((4, "Crediting", "Completed", "AccountCredited", (string?)null), (ended.Step, ended.From, ended.Outcome, ended.Event, ended.Reason));
        Assert.Equal(saga.History[3].At, ended.At);
        Assert.Equal(saga.History[3].At - saga.History[2].At, ended.Took);
    }

    [Fact]
    public async Task An_order_tells_what_was_bought_and_how_it_ended()
    {
        var (host, id) = await Orders.OrderScenarios.Start(DatabaseProvider.Sqlite, customerBalance: 10m);
        await using var _ = host;

        var saga = await host.Order(id, "Cancelled");
        await Ended(host, id);

        var started = Assert.Single(host.SentSoFar<SagaStarted>(id)).Message;
        Assert.Equal(("order", "carol", "shop", 100m), (started.SagaType, started.AccountId, started.CounterpartyAccountId, started.Amount));
        Assert.Equal([new OrderLine("widget", 2, 30m), new OrderLine("gadget", 1, 40m)], started.Items);
        var ended = Assert.Single(host.SentSoFar<SagaEnded>(id)).Message;
        Assert.Equal((saga.History.Count, "Cancelled", saga.Reason), (ended.Step, ended.Outcome, ended.Reason));
        Assert.Equal(Enumerable.Range(2, saga.History.Count - 2), host.SentSoFar<SagaStepped>(id).Select(s => s.Message.Step));
    }

    // What a transition sends leaves after its commit, so the saga can be read in its last state a moment before.
    static Task Ended(Support.SagaTestHost host, Guid id) =>
        Eventually.Until(() => Task.FromResult(host.Sent<SagaEnded>(id)), $"saga {id} published its end");
}
