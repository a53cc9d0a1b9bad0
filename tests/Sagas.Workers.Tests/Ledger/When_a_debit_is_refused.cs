using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_a_debit_is_refused
{
    [Theory]
    [InlineData("alice", 100.01, "USD", "Insufficient funds")]
    [InlineData("nobody", 10, "USD", "does not exist")]
    [InlineData("frozen", 10, "USD", "frozen")]
    [InlineData("alice", 10, "EUR", "holds USD, not EUR")]
    [InlineData("alice", 0, "USD", "greater than zero")]
    [InlineData("alice", -5, "USD", "greater than zero")]
    [InlineData("alice", 1.001, "USD", "decimal places")]
    [InlineData("alice", 10, "XYZ", "not an ISO 4217")]
    [InlineData("system:clearing:USD", 10, "USD", "may contain only")]
    public async Task It_replies_why_and_moves_nothing(string accountId, decimal amount, string currency, string reason)
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("frozen", 100m);
        await host.With<LedgerService, bool>(ledger => ledger.Freeze("frozen"));
        var sagaId = Guid.NewGuid();

        await host.Send(new DebitAccount(sagaId, accountId, amount, currency));

        Assert.Contains(reason, (await host.Reply<DebitRejected>(sagaId)).Reason, StringComparison.Ordinal);
        Assert.Empty(host.RepliesSoFar<AccountDebited>(sagaId));
        Assert.Equal(100m, await host.Balance("alice"));
        Assert.Equal(100m, await host.Balance("frozen"));
        Assert.Equal(0m, (await host.Totals()).InClearing);
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task A_redelivery_after_the_account_was_funded_is_still_refused()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 10m);
        await host.OpenAccount("bob", 100m);
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, "alice", 50m, "USD"));
        var first = await host.Reply<DebitRejected>(sagaId);
        await host.Transfer("bob", "alice", 100m);

        await host.Send(new DebitAccount(sagaId, "alice", 50m, "USD"));

        Assert.Equal([first, first], await host.Replies<DebitRejected>(sagaId, count: 2));
        Assert.Equal(110m, await host.Balance("alice"));
        await host.AssertLedgerHolds();
    }
}
