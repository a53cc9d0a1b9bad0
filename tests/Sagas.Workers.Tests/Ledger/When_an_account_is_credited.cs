using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_an_account_is_credited
{
    [Fact]
    public async Task Redelivered_it_credits_once_and_replies_the_same()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 0m);
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, "alice", 30m, "USD"));
        await host.Reply<AccountDebited>(sagaId);

        for (var delivery = 0; delivery < 3; delivery++)
            await host.Send(new CreditAccount(sagaId, "bob", 30m, "USD"));

        var expected = new AccountCredited(sagaId, "bob", 30m, "USD");
        Assert.Equal([expected, expected, expected], await host.Replies<AccountCredited>(sagaId, count: 3));
        Assert.Equal(30m, await host.Balance("bob"));
        Assert.Equal(0m, (await host.Totals()).InClearing);
        await host.AssertLedgerHolds();
    }

    [Theory]
    [InlineData("nobody", "USD", "does not exist")]
    [InlineData("frozen", "USD", "frozen")]
    [InlineData("bob", "EUR", "holds USD, not EUR")]
    public async Task To_an_account_that_cannot_take_it_it_is_refused(string accountId, string currency, string reason)
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("bob", 0m);
        await host.OpenAccount("frozen", 0m);
        await host.With<LedgerService, bool>(ledger => ledger.Freeze("frozen"));
        var sagaId = Guid.NewGuid();

        await host.Send(new CreditAccount(sagaId, accountId, 30m, currency));

        Assert.Contains(reason, (await host.Reply<CreditRejected>(sagaId)).Reason, StringComparison.Ordinal);
        Assert.Equal(0m, await host.Balance("bob"));
        Assert.Equal(0m, await host.Balance("frozen"));
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task After_a_void_it_is_refused()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("bob", 0m);
        var sagaId = Guid.NewGuid();
        await host.Send(new VoidCredit(sagaId));
        await host.Reply<CreditVoided>(sagaId);

        await host.Send(new CreditAccount(sagaId, "bob", 30m, "USD"));

        Assert.Contains("was voided", (await host.Reply<CreditRejected>(sagaId)).Reason, StringComparison.Ordinal);
        Assert.Equal(0m, await host.Balance("bob"));
        await host.AssertLedgerHolds();
    }
}
