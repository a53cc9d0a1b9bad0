using Sagas.Contracts.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_a_credit_is_voided
{
    [Fact]
    public async Task Before_it_applied_it_is_fenced()
    {
        await using var host = await WorkerHost.Start();
        var sagaId = Guid.NewGuid();

        await host.Send(new VoidCredit(sagaId));

        Assert.Equal(new CreditVoided(sagaId, CreditVoidOutcome.Fenced), await host.Reply<CreditVoided>(sagaId));
    }

    [Fact]
    public async Task After_it_was_refused_it_is_fenced()
    {
        await using var host = await WorkerHost.Start();
        var sagaId = Guid.NewGuid();
        await host.Send(new CreditAccount(sagaId, "nobody", 30m, "USD"));
        await host.Reply<CreditRejected>(sagaId);

        await host.Send(new VoidCredit(sagaId));

        Assert.Equal(CreditVoidOutcome.Fenced, (await host.Reply<CreditVoided>(sagaId)).Outcome);
    }

    [Fact]
    public async Task While_the_account_holds_the_money_it_is_reversed_into_clearing_once()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 5m);
        var sagaId = await Credited(host, 30m);

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new VoidCredit(sagaId));

        var expected = new CreditVoided(sagaId, CreditVoidOutcome.Reversed);
        Assert.Equal([expected, expected, expected], await host.Replies<CreditVoided>(sagaId, count: 3));
        Assert.Equal(5m, await host.Balance("bob"));
        Assert.Equal(30m, (await host.Totals()).InClearing);
        await host.AssertLedgerHolds();

        // A late credit stays refused, and the saga refunds the debit: the money is home.
        await host.Send(new CreditAccount(sagaId, "bob", 30m, "USD"));
        Assert.Contains("was voided", (await host.Reply<CreditRejected>(sagaId)).Reason, StringComparison.Ordinal);
        Assert.Equal(5m, await host.Balance("bob"));
        await host.Send(new RefundDebit(sagaId));
        Assert.True((await host.Reply<DebitRefunded>(sagaId)).DebitWasApplied);
        Assert.Equal(100m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task When_the_money_was_spent_it_is_kept()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 5m);
        await host.OpenAccount("carol", 0m);
        var sagaId = await Credited(host, 30m);
        await host.Transfer("bob", "carol", 20m);

        for (var delivery = 0; delivery < 2; delivery++)
            await host.Send(new VoidCredit(sagaId));

        var expected = new CreditVoided(sagaId, CreditVoidOutcome.Kept);
        Assert.Equal([expected, expected], await host.Replies<CreditVoided>(sagaId, count: 2));
        Assert.Equal(15m, await host.Balance("bob"));
        Assert.Equal(0m, (await host.Totals()).InClearing);

        // Kept means the transfer completed, so a duplicate credit is answered as credited, and moves nothing.
        await host.Send(new CreditAccount(sagaId, "bob", 30m, "USD"));
        var credited = await host.Replies<AccountCredited>(sagaId, count: 2);
        Assert.Equal(credited[0], credited[1]);
        Assert.Equal(15m, await host.Balance("bob"));
        await host.AssertLedgerHolds();
    }

    static async Task<Guid> Credited(WorkerHost host, decimal amount)
    {
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, "alice", amount, "USD"));
        await host.Reply<AccountDebited>(sagaId);
        await host.Send(new CreditAccount(sagaId, "bob", amount, "USD"));
        await host.Reply<AccountCredited>(sagaId);
        return sagaId;
    }
}
