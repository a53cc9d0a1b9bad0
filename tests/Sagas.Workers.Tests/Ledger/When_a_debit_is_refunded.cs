using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_a_debit_is_refunded
{
    [Fact]
    public async Task The_money_goes_back_and_a_late_debit_is_refused()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));
        await host.Reply<AccountDebited>(sagaId);

        await host.Send(new RefundDebit(sagaId));

        Assert.Equal(new DebitRefunded(sagaId, DebitWasApplied: true), await host.Reply<DebitRefunded>(sagaId));
        Assert.Equal(100m, await host.Balance("alice"));
        Assert.Equal(0m, (await host.Totals()).InClearing);
        var journal = await host.With<LedgerService, IReadOnlyList<JournalEntry>>(ledger => ledger.GetJournal(sagaId));
        Assert.Equal([PostingKind.Debit, PostingKind.Debit, PostingKind.DebitRefund, PostingKind.DebitRefund], journal.Select(e => e.Kind));

        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));

        Assert.Contains("was refunded", (await host.Reply<DebitRejected>(sagaId)).Reason, StringComparison.Ordinal);
        Assert.Equal(100m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Redelivered_it_refunds_once_and_replies_the_same()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));
        await host.Reply<AccountDebited>(sagaId);

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new RefundDebit(sagaId));

        var expected = new DebitRefunded(sagaId, DebitWasApplied: true);
        Assert.Equal([expected, expected, expected], await host.Replies<DebitRefunded>(sagaId, count: 3));
        Assert.Equal(100m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task To_a_frozen_account_the_money_still_goes_back()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));
        await host.Reply<AccountDebited>(sagaId);
        await host.With<LedgerService, bool>(ledger => ledger.Freeze("alice"));

        await host.Send(new RefundDebit(sagaId));

        Assert.True((await host.Reply<DebitRefunded>(sagaId)).DebitWasApplied);
        Assert.Equal(100m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Before_any_debit_it_fences_the_slot_so_the_late_debit_is_refused()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();

        await host.Send(new RefundDebit(sagaId));
        Assert.Equal(new DebitRefunded(sagaId, DebitWasApplied: false), await host.Reply<DebitRefunded>(sagaId));
        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));

        Assert.Contains("was refunded", (await host.Reply<DebitRejected>(sagaId)).Reason, StringComparison.Ordinal);
        Assert.Equal(100m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Racing_the_debit_the_money_is_either_never_taken_or_given_back()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 1000m);
        var sagaIds = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();

        var outcomes = await Task.WhenAll(sagaIds.Select(async sagaId =>
        {
            var debit = host.With<Debits, LedgerOperation>(debits => debits.Debit(new DebitAccount(sagaId, "alice", 10m, "USD"), CancellationToken.None));
            var refund = host.With<Debits, LedgerOperation>(debits => debits.Refund(sagaId, CancellationToken.None));
            return (Debit: await debit, Refund: await refund);
        }));

        Assert.All(outcomes, outcome => Assert.Contains(outcome.Refund.State, new[] { OperationState.Fenced, OperationState.Reversed }));
        Assert.Equal(1000m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }
}
