using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_a_debit_is_redelivered
{
    [Fact]
    public async Task It_moves_money_once_and_replies_the_same()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();
        var command = new DebitAccount(sagaId, "alice", 30m, "USD");

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(command);

        var expected = new AccountDebited(sagaId, "alice", 30m, "USD");
        Assert.Equal([expected, expected, expected], await host.Replies<AccountDebited>(sagaId, count: 3));
        Assert.Equal(70m, await host.Balance("alice"));
        Assert.Equal(2, (await host.With<LedgerService, IReadOnlyList<JournalEntry>>(ledger => ledger.GetJournal(sagaId))).Count);
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Concurrent_deliveries_still_apply_once()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var command = new DebitAccount(Guid.NewGuid(), "alice", 30m, "USD");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            host.With<Debits, LedgerOperation>(debits => debits.Debit(command, CancellationToken.None))));

        Assert.All(outcomes, outcome => Assert.Equal(OperationState.Applied, outcome.State));
        Assert.Equal(70m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task After_its_refund_it_is_refused_and_moves_nothing()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();
        var command = new DebitAccount(sagaId, "alice", 30m, "USD");
        await host.Send(command);
        await host.Reply<AccountDebited>(sagaId);
        await host.Send(new RefundDebit(sagaId));
        await host.Reply<DebitRefunded>(sagaId);

        await host.Send(command);

        Assert.Contains("was refunded", (await host.Reply<DebitRejected>(sagaId)).Reason, StringComparison.Ordinal);
        Assert.Single(host.RepliesSoFar<AccountDebited>(sagaId));
        Assert.Equal(100m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }
}
