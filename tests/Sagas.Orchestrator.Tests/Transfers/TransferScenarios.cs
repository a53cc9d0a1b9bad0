using Sagas.Contracts.Transfers;
using Sagas.Orchestrator.Tests.Support;
using Sagas.Orchestrator.Transfers;
using Sagas.Persistence;

namespace Sagas.Orchestrator.Tests.Transfers;

/// <summary>Starts one transfer of 100 USD from "alice" (who has <paramref name="aliceBalance"/>) to "bob" (who has 50).</summary>
public static class TransferScenarios
{
    public const decimal Amount = 100m;

    public static async Task<(SagaTestHost Host, Guid TransferId)> Start(DatabaseProvider provider, Action<MessageFaults>? faults = null, decimal aliceBalance = 500m,
        string from = "alice", string to = "bob", decimal amount = Amount, Func<SagaTestHost, Task>? arrange = null)
    {
        var host = await SagaTestHost.Start(provider, faults);
        await host.OpenAccount("alice", aliceBalance);
        await host.OpenAccount("bob", 50m);
        if (arrange is not null)
            await arrange(host);

        var transferId = Guid.NewGuid();
        await host.Send(host.TransferSagas, new TransferRequested(transferId, from, to, amount, "USD"));
        return (host, transferId);
    }

    public static async Task AssertBalances(SagaTestHost host, decimal alice, decimal bob)
    {
        Assert.Equal(alice, await host.Balance("alice"));
        Assert.Equal(bob, await host.Balance("bob"));
    }

    public static async Task AssertNothingMoved(SagaTestHost host, decimal aliceBalance = 500m) =>
        await AssertBalances(host, aliceBalance, 50m);

    public static string[] States(TransferState saga) => [.. saga.History.Select(step => step.To)];

}
