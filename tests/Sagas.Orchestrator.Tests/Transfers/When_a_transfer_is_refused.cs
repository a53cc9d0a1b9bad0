using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Transfers.TransferScenarios;

namespace Sagas.Orchestrator.Tests.Transfers;

public class When_a_transfer_is_refused
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Fraud_rejects_a_large_amount_and_nothing_moves(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, aliceBalance: 50_000m, amount: 20_000m);
        await using var _ = host;

        var saga = await host.Transfer(id, "Rejected");

        Assert.Contains("10000", saga.Reason);
        await AssertNothingMoved(host, aliceBalance: 50_000m);
        Assert.False(host.Sent<Contracts.Ledger.DebitAccount>(id));
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Fraud_rejects_a_blocked_account(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, to: "blocked", arrange: h => h.OpenAccount("blocked", 0m));
        await using var _ = host;

        await host.Transfer(id, "Rejected");

        Assert.Equal(500m, await host.Balance("alice"));
        Assert.Equal(0m, await host.Balance("blocked"));
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Insufficient_funds_fail_the_transfer_and_nothing_moves(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, aliceBalance: 99.99m);
        await using var _ = host;

        var saga = await host.Transfer(id, "Failed");

        Assert.NotNull(saga.Reason);
        await AssertNothingMoved(host, aliceBalance: 99.99m);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task An_unknown_source_account_fails_the_transfer(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, from: "nobody");
        await using var _ = host;

        await host.Transfer(id, "Failed");

        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_frozen_source_account_fails_the_transfer(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, arrange: h => h.Freeze("alice"));
        await using var _ = host;

        await host.Transfer(id, "Failed");

        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_currency_mismatch_fails_the_transfer(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, from: "euro", arrange: h => h.OpenAccount("euro", 500m, "EUR"));
        await using var _ = host;

        await host.Transfer(id, "Failed");

        Assert.Equal(500m, await host.Balance("euro"));
        await AssertNothingMoved(host);
    }
}
