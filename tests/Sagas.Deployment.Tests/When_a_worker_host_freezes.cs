using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Deployment.Tests;

/// <summary>
/// The fault suite's frozen worker: the distributed platform (infra/run-distributed.sh) under a stream of transfers, and
/// its worker host stopped with SIGSTOP for longer than its Kafka session timeout (the script sets 6 s), so its groups
/// drop it while it holds records it has not committed; then SIGCONT. It rejoins and runs those records again: every
/// transfer ends, nothing is applied twice, and the books balance.
/// </summary>
public sealed class When_a_worker_host_freezes(ITestOutputHelper output)
{
    const int Accounts = 6;
    const decimal OpeningBalance = 1000m;
    static readonly int Transfers = LongRuns.Pick(ci: 30, @long: 200);
    static readonly TimeSpan Frozen = LongRuns.Pick(ci: TimeSpan.FromSeconds(9), @long: TimeSpan.FromSeconds(25));
    static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task Every_transfer_ends_once_and_the_books_balance()
    {
        await using var database = await PostgresDatabase.Create();
        await using var platform = DistributedPlatform.Start(database, TimeSpan.Zero);
        await Task.WhenAll(platform.Orchestrators.Append(platform.Workers).Select(platform.WaitUntilReady));

        var prefix = Guid.NewGuid().ToString("N")[..8];
        var accounts = Enumerable.Range(0, Accounts).Select(index => $"{prefix}-{index}").ToArray();
        foreach (var account in accounts)
            await platform.Gateway.OpenAccount(account, OpeningBalance);
        var planned = Enumerable.Range(0, Transfers)
            .Select(index => (From: accounts[index % Accounts], To: accounts[(index + 1) % Accounts], Amount: 1m + index % 7, Key: $"{prefix}-t{index}"))
            .ToArray();

        // A third of the transfers go out before the freeze, the rest while the worker host is stopped.
        var ids = new List<Guid>();
        for (var index = 0; index < Transfers; index++)
        {
            if (index == Transfers / 3)
            {
                await platform.SignalWorkers(HostProcess.SigStop);
                output.WriteLine($"worker host stopped after {index} transfers were accepted");
            }
            var (from, to, amount, key) = planned[index];
            ids.Add(await platform.Orchestrators[index % 2].StartTransfer(from, to, amount, key));
        }
        await Task.Delay(Frozen);
        await platform.SignalWorkers(HostProcess.SigCont);
        output.WriteLine($"worker host continued after {Frozen.TotalSeconds:0} s");

        var listed = await DistributedPlatform.Poll(platform.Orchestrators[0].Transfers,
            listed => ids.All(id => listed.Any(item => item.Id == id && OrchestratorApi.TransferTerminalStates.Contains(item.State))),
            CompletionTimeout)
            ?? throw new TimeoutException($"Not every transfer ended within {CompletionTimeout}.\n{await platform.Describe()}");

        var states = ids.Select(id => listed.Single(item => item.Id == id).State).ToList();
        output.WriteLine(string.Join(", ", states.GroupBy(state => state).Select(group => $"{group.Count()} {group.Key}")));
        var expected = accounts.ToDictionary(account => account, _ => OpeningBalance);
        foreach (var ((from, to, amount, _), state) in planned.Zip(states))
        {
            if (state != "Completed")
                continue;
            expected[from] -= amount;
            expected[to] += amount;
        }
        foreach (var account in accounts)
            Assert.Equal(expected[account], await platform.Gateway.Balance(account));
    }
}
