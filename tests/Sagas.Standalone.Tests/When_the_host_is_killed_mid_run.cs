using Sagas.Standalone.Tests.Support;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// kill -9 of the standalone host while transfers are in flight, then a restart on the same data: the outbox delivers
/// what was committed but not produced, the sagas re-issue the commands the embedded broker's memory lost, and every
/// transfer ends with each account exactly where its completed transfers put it.
/// </summary>
public class When_the_host_is_killed_mid_run
{
    const int Transfers = 120;
    static readonly string[] Accounts = ["ann", "ben", "cat", "dan", "eve"];

    [Fact]
    public async Task Every_transfer_ends_and_money_balances_on_sqlite()
    {
        using var data = new TemporaryDirectory();
        await CrashAndRecover(new Dictionary<string, string> { ["Persistence:DataDirectory"] = data.Path });
    }

    [PostgresFact]
    public async Task Every_transfer_ends_and_money_balances_on_postgres()
    {
        using var data = new TemporaryDirectory();
        await using var database = await PostgresDatabase.Create();
        await CrashAndRecover(new Dictionary<string, string>
        {
            ["Persistence:Provider"] = "PostgreSql",
            ["Persistence:ConnectionString"] = database.ConnectionString,
            ["Persistence:DataDirectory"] = data.Path,
        });
    }

    static async Task CrashAndRecover(Dictionary<string, string> settings)
    {
        settings["Transfers:StepTimeout"] = "00:00:15";
        var plan = new List<(Guid Id, string From, string To, decimal Amount)>();
        Dictionary<string, decimal> opening;

        await using (var first = await PlatformProcess.Start(settings))
        {
            var client = first.Client;
            foreach (var account in Accounts)
                await client.OpenAccount(account, 1_000m);
            await client.OpenAccount("frozen", 0m);
            await client.Freeze("frozen");
            opening = await Balances(client);

            var random = new Random(20261127);
            var requests = Enumerable.Range(0, Transfers).Select(i =>
            {
                var from = Accounts[random.Next(Accounts.Length)];
                var to = i % 10 == 5 ? "frozen" : Accounts.Where(account => account != from).ElementAt(random.Next(Accounts.Length - 1));
                return (i, from, to, Amount: 1m + random.Next(1, 400));
            }).ToList();
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, _) =>
            {
                var id = await client.StartTransfer(request.from, request.to, request.Amount, $"crash-{request.i}");
                lock (plan)
                    plan.Add((id, request.from, request.to, request.Amount));
            });

            // Kill while most transfers are still on their way.
            await Eventually.Until(async () => (await client.TransferStates()).Values.Count(PlatformClient.TransferTerminalStates.Contains) >= 10,
                "some transfers ended before the crash", TimeSpan.FromMinutes(2));
            await first.Kill();
        }

        await using var second = await PlatformProcess.Start(settings);
        var states = await second.Eventually(() => second.Client.TransferStates(),
            states => plan.All(transfer => states.TryGetValue(transfer.Id, out var state) && PlatformClient.TransferTerminalStates.Contains(state)),
            "every transfer ended after the restart", TimeSpan.FromMinutes(3));

        Assert.Equal(Transfers, plan.Count);
        // A credit to the frozen account is refused, so those transfers are compensated (or failed earlier, on funds).
        Assert.All(plan.Where(transfer => transfer.To == "frozen"), transfer => Assert.Contains(states[transfer.Id], new[] { "Compensated", "Failed" }));
        Assert.Contains("Compensated", states.Values);
        var expected = new Dictionary<string, decimal>(opening);
        foreach (var transfer in plan.Where(transfer => states[transfer.Id] == "Completed"))
        {
            expected[transfer.From] -= transfer.Amount;
            expected[transfer.To] += transfer.Amount;
        }
        var actual = await Balances(second.Client);
        Assert.Equal(expected, actual);
        Assert.Equal(opening.Values.Sum(), actual.Values.Sum());
        Assert.All(actual.Values, balance => Assert.True(balance >= 0));
    }

    static async Task<Dictionary<string, decimal>> Balances(HttpClient client)
    {
        var balances = new Dictionary<string, decimal>();
        foreach (var account in Accounts.Append("frozen"))
            balances[account] = await client.Balance(account);
        return balances;
    }
}
