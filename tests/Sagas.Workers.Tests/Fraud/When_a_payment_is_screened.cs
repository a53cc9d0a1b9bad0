using Sagas.Contracts.Fraud;

namespace Sagas.Workers.Tests.Fraud;

public sealed class When_a_payment_is_screened
{
    static readonly Dictionary<string, string?> Rules = new()
    {
        ["Fraud:MaxAmount"] = "500.00",
        ["Fraud:BlockedAccounts:0"] = "mallory",
    };

    [Theory]
    [InlineData("alice", "bob", 500.00)]
    [InlineData("alice", "MALLORY-2", 1)]
    public async Task Within_the_rules_it_passes(string payer, string payee, decimal amount)
    {
        await using var host = await WorkerHost.Start(settings: Rules);
        var sagaId = Guid.NewGuid();

        await host.Send(new CheckFraud(sagaId, payer, payee, amount, "USD"));

        Assert.Equal(new FraudCheckPassed(sagaId), await host.Reply<FraudCheckPassed>(sagaId));
    }

    [Theory]
    [InlineData("alice", "bob", 500.01, "above the limit")]
    [InlineData("Mallory", "bob", 1, "'mallory' is blocked")]
    [InlineData("alice", "mallory", 1, "'mallory' is blocked")]
    public async Task Outside_the_rules_it_fails_and_says_why_every_time(string payer, string payee, decimal amount, string reason)
    {
        await using var host = await WorkerHost.Start(settings: Rules);
        var sagaId = Guid.NewGuid();

        await host.Send(new CheckFraud(sagaId, payer, payee, amount, "USD"));
        await host.Send(new CheckFraud(sagaId, payer, payee, amount, "USD"));

        var replies = await host.Replies<FraudCheckFailed>(sagaId, count: 2);
        Assert.Single(replies.Distinct());
        Assert.Contains(reason, replies[0].Reason, StringComparison.Ordinal);
        Assert.Empty(host.RepliesSoFar<FraudCheckPassed>(sagaId));
    }

    [Fact]
    public async Task By_default_the_limit_is_ten_thousand()
    {
        await using var host = await WorkerHost.Start();
        var under = Guid.NewGuid();
        var over = Guid.NewGuid();

        await host.Send(new CheckFraud(under, "alice", "bob", 10000m, "USD"));
        await host.Send(new CheckFraud(over, "alice", "bob", 10000.01m, "USD"));

        await host.Reply<FraudCheckPassed>(under);
        await host.Reply<FraudCheckFailed>(over);
    }
}
