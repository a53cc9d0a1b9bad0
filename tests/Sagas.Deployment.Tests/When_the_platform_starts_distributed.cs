using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Deployment.Tests;

/// <summary>
/// A fresh distributed start, as infra/README.md describes it and <c>infra/run-distributed.sh</c> runs it: the embedded
/// broker with 3 brokers, a worker host with all six roles, two orchestrators and PostgreSQL, each its own process. A
/// client sends transfers the moment both orchestrators answer ready, and every transfer completes: none fails because
/// the platform was still joining Kafka. Each case is one short start with a few transfers; how long each host took to
/// become ready goes to the test output.
/// </summary>
public sealed class When_the_platform_starts_distributed(ITestOutputHelper output)
{
    const int Transfers = 8;
    const decimal OpeningBalance = 100m;
    static readonly TimeSpan WorkerDelay = TimeSpan.FromSeconds(10);
    static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task Transfers_sent_as_soon_as_both_orchestrators_are_ready_all_complete()
    {
        await using var database = await PostgresDatabase.Create();
        await using var platform = DistributedPlatform.Start(database, TimeSpan.Zero);

        await WaitForOrchestrators(platform);
        var transfers = await SendTransfers(platform);

        await ExpectAllCompleted(platform, transfers);
        output.WriteLine($"worker host (six roles) ready {await platform.WaitUntilReady(platform.Workers):F1} s after its start");
    }

    [PostgresFact]
    public async Task Transfers_accepted_before_the_worker_host_starts_complete_once_it_is_up()
    {
        await using var database = await PostgresDatabase.Create();
        await using var platform = DistributedPlatform.Start(database, WorkerDelay);

        await WaitForOrchestrators(platform);
        var transfers = await SendTransfers(platform);
        var workersReadyWhenAccepted = await DistributedPlatform.ReadyAfter(platform.Workers) is not null;

        var workersReadyAfter = await platform.WaitUntilReady(platform.Workers);
        await ExpectAllCompleted(platform, transfers);
        output.WriteLine($"worker host (six roles) ready {workersReadyAfter:F1} s after its start, {WorkerDelay.TotalSeconds:0} s after the orchestrators'");
        Assert.False(workersReadyWhenAccepted, "The worker host was already ready when the transfers were accepted; the case did not test a late worker host.");
    }

    async Task WaitForOrchestrators(DistributedPlatform platform)
    {
        var readyAfter = await Task.WhenAll(platform.Orchestrators.Select(platform.WaitUntilReady));
        output.WriteLine($"orchestrators ready {string.Join(" s and ", readyAfter.Select(seconds => seconds.ToString("F1")))} s after their start");
    }

    /// <summary>Opens two accounts per transfer and sends the transfers, alternating between the orchestrators.</summary>
    static async Task<IReadOnlyList<(Guid Id, string From, string To, decimal Amount)>> SendTransfers(DistributedPlatform platform)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var transfers = new List<(Guid, string, string, decimal)>();
        for (var index = 0; index < Transfers; index++)
        {
            var client = platform.Orchestrators[index % platform.Orchestrators.Count];
            var (from, to, amount) = ($"{prefix}-from-{index}", $"{prefix}-to-{index}", 10m + index);
            await client.OpenAccount(from, OpeningBalance);
            await client.OpenAccount(to, 0m);
            transfers.Add((await client.StartTransfer(from, to, amount, $"{prefix}-{index}"), from, to, amount));
        }
        return transfers;
    }

    static async Task ExpectAllCompleted(DistributedPlatform platform, IReadOnlyList<(Guid Id, string From, string To, decimal Amount)> transfers)
    {
        var reader = platform.Orchestrators[0];
        var listed = await DistributedPlatform.Poll(reader.Transfers,
            listed => transfers.All(transfer => listed.Any(item => item.Id == transfer.Id && OrchestratorApi.TransferTerminalStates.Contains(item.State))),
            CompletionTimeout);
        if (listed is null)
            throw new TimeoutException($"Not every transfer was terminal within {CompletionTimeout}. Listed: {string.Join(", ", await reader.Transfers())}\n{await platform.Describe()}");

        Assert.All(transfers, transfer => Assert.Equal("Completed", listed.Single(item => item.Id == transfer.Id).State));
        foreach (var (_, from, to, amount) in transfers)
        {
            Assert.Equal(OpeningBalance - amount, await reader.Balance(from));
            Assert.Equal(amount, await reader.Balance(to));
        }
    }
}
