using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_sagas_debit_one_account_concurrently
{
    [Fact]
    public async Task Only_what_the_balance_covers_is_applied_and_it_never_goes_negative()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaIds = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(sagaIds.Select(sagaId => host.Send(new DebitAccount(sagaId, "alice", 10m, "USD"))));

        await Eventually(host, sagaIds);
        Assert.Equal(10, sagaIds.Count(sagaId => host.RepliesSoFar<AccountDebited>(sagaId).Count == 1));
        Assert.Equal(10, sagaIds.Count(sagaId => host.RepliesSoFar<DebitRejected>(sagaId).Count == 1));
        Assert.Equal(0m, await host.Balance("alice"));
        Assert.Equal(100m, (await host.Totals()).InClearing);
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Called_in_parallel_the_ledger_neither_overdraws_nor_loses_an_update()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.With<Debits, LedgerOperation>(debits =>
            debits.Debit(new DebitAccount(Guid.NewGuid(), "alice", 10m, "USD"), CancellationToken.None))));

        Assert.Equal(10, outcomes.Count(o => o.State == OperationState.Applied));
        Assert.Equal(0m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    static Task Eventually(WorkerHost host, IReadOnlyList<Guid> sagaIds) =>
        Sagas.Testing.Eventually.Until(
            () => Task.FromResult(sagaIds.All(id => host.RepliesSoFar<AccountDebited>(id).Count + host.RepliesSoFar<DebitRejected>(id).Count == 1)),
            "every saga got its debit reply");
}
