using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Ledger;
using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Deployment.Tests;

/// <summary>
/// A fresh distributed start, as infra/README.md describes it and <c>infra/run-distributed.sh</c> runs it: the embedded
/// broker with 3 brokers, a worker host with all six roles, two orchestrators, the gateway and PostgreSQL, each its own
/// process. A client sends transfers through the gateway the moment both orchestrators answer ready, and every transfer
/// completes: none fails because the platform was still joining Kafka. Each case is one short start with a few transfers; how long each host took to
/// become ready goes to the test output.
/// </summary>
public sealed class When_the_platform_starts_distributed(ITestOutputHelper output)
{
    const int Transfers = 4;
    const decimal OpeningBalance = 100m;
    /// <summary>How long after both orchestrators answer ready the script starts the worker host.</summary>
    static readonly TimeSpan WorkerDelay = TimeSpan.FromSeconds(10);
    static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task Transfers_sent_as_soon_as_both_orchestrators_are_ready_all_complete()
    {
        await using var database = await PostgresDatabase.Create();
        await using var platform = DistributedPlatform.Start(database, TimeSpan.Zero);

        await WaitForOrchestrators(platform);
        var sending = Stopwatch.StartNew();
        var transfers = await SendTransfers(platform, platform.Gateway.OpenAccount);
        output.WriteLine($"{Transfers} transfers accepted in {sending.Elapsed.TotalSeconds:F1} s");

        await ExpectAllCompleted(platform, transfers);
        output.WriteLine($"all completed {sending.Elapsed.TotalSeconds:F1} s after the first was sent");
        output.WriteLine($"worker host (six roles) ready {await platform.WaitUntilReady(platform.Workers):F1} s after its start");
    }

    [PostgresFact]
    public async Task Transfers_accepted_before_the_worker_host_starts_complete_once_it_is_up()
    {
        await using var database = await PostgresDatabase.Create();
        await using var platform = DistributedPlatform.Start(database, WorkerDelay);

        await WaitForOrchestrators(platform);
        // The ledger runs in the worker host, which is not up yet: the accounts are opened in its database directly.
        var transfers = await SendTransfers(platform, (id, balance) => OpenInTheLedgersDatabase(database, id, balance));
        var workersReadyWhenAccepted = await DistributedPlatform.ReadyAfter(platform.Workers) is not null;

        var workersReadyAfter = await platform.WaitUntilReady(platform.Workers);
        var completing = Stopwatch.StartNew();
        await ExpectAllCompleted(platform, transfers);
        output.WriteLine($"all completed {completing.Elapsed.TotalSeconds:F1} s after the worker host was ready");
        output.WriteLine($"worker host (six roles) ready {workersReadyAfter:F1} s after its start, which was {WorkerDelay.TotalSeconds:0} s after the orchestrators were ready");
        Assert.False(workersReadyWhenAccepted, "The worker host was already ready when the transfers were accepted; the case did not test a late worker host.");
    }

    async Task WaitForOrchestrators(DistributedPlatform platform)
    {
        var readyAfter = await Task.WhenAll(platform.Orchestrators.Select(platform.WaitUntilReady));
        output.WriteLine($"orchestrators ready {string.Join(" s and ", readyAfter.Select(seconds => seconds.ToString("F1")))} s after their start");
    }

    /// <summary>Opens two accounts per transfer and sends the transfers through the gateway, which balances the orchestrators.</summary>
    static async Task<IReadOnlyList<(Guid Id, string From, string To, decimal Amount)>> SendTransfers(DistributedPlatform platform,
        Func<string, decimal, Task> openAccount)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var transfers = new List<(Guid, string, string, decimal)>();
        for (var index = 0; index < Transfers; index++)
        {
            var (from, to, amount) = ($"{prefix}-from-{index}", $"{prefix}-to-{index}", 10m + index);
            await openAccount(from, OpeningBalance);
            await openAccount(to, 0m);
            transfers.Add((await platform.Gateway.StartTransfer(from, to, amount, $"{prefix}-{index}"), from, to, amount));
        }
        return transfers;
    }

    static async Task ExpectAllCompleted(DistributedPlatform platform, IReadOnlyList<(Guid Id, string From, string To, decimal Amount)> transfers)
    {
        var reader = platform.Gateway;
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

    static async Task OpenInTheLedgersDatabase(PostgresDatabase database, string id, decimal balance)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        new LedgerModule().AddServices(services, configuration);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var opened = await scope.ServiceProvider.GetRequiredService<LedgerService>().OpenAccount(id, "USD", balance);
        Assert.Equal(OpenAccountStatus.Created, opened.Status);
    }
}
