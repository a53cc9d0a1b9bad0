using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Transfers.TransferScenarios;

namespace Sagas.Orchestrator.Tests.Transfers;

public class When_the_credit_is_refused
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_frozen_destination_gets_the_debit_refunded(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, arrange: h => h.Freeze("bob"));
        await using var _ = host;

        var saga = await host.Transfer(id, "Compensated");

        Assert.Equal(["Screening", "Debiting", "Crediting", "Refunding", "Compensated"], States(saga));
        Assert.NotNull(saga.Reason);
        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task An_unknown_destination_gets_the_debit_refunded(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, to: "nobody");
        await using var _ = host;

        await host.Transfer(id, "Compensated");

        await AssertNothingMoved(host);
    }
}
