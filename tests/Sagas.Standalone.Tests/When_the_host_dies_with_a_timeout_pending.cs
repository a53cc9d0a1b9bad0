using System.Globalization;
using Sagas.Standalone.Tests.Support;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

/// <summary>
/// A transfer waits on a credit that will never come (no credit worker) when the host is killed; the host comes back
/// after the step timeout fell due. The timeout, a row of the outbox, is swept once after the restart and the transfer
/// is compensated.
/// </summary>
public class When_the_host_dies_with_a_timeout_pending
{
    const string StepTimeout = "00:00:04";

    [Fact]
    public async Task The_timeout_fires_once_after_the_restart_on_sqlite()
    {
        using var data = new TemporaryDirectory();
        await FiresOnceAfterRestart(new Dictionary<string, string> { ["Persistence:DataDirectory"] = data.Path });
    }

    [PostgresFact]
    public async Task The_timeout_fires_once_after_the_restart_on_postgres()
    {
        using var data = new TemporaryDirectory();
        await using var database = await PostgresDatabase.Create();
        var settings = database.Settings.ToDictionary(setting => setting.Key, setting => setting.Value!);
        settings["Persistence:DataDirectory"] = data.Path;
        await FiresOnceAfterRestart(settings);
    }

    static async Task FiresOnceAfterRestart(Dictionary<string, string> settings)
    {
        settings["Workers:Roles"] = "debit,fraud,notify,inventory,shipping";
        settings["Transfers:StepTimeout"] = StepTimeout;
        Guid id;
        await using (var first = await PlatformProcess.Start(settings))
        {
            await first.Client.OpenAccount("alice", 500m);
            await first.Client.OpenAccount("bob", 50m);
            id = await first.Client.StartTransfer("alice", "bob", 100m, "pending-timeout");
            await first.Eventually(() => first.Client.Saga("transfers", id), saga => saga?.GetProperty("state").GetString() == "Crediting",
                "the transfer waits for its credit", TimeSpan.FromSeconds(60));
            await first.Kill();
        }

        await Task.Delay(TimeSpan.Parse(StepTimeout, CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(1));
        // Later steps get a long timeout, so the only timeout this process fires is the one that fell due while it was down.
        settings["Transfers:StepTimeout"] = "00:05:00";
        await using var second = await PlatformProcess.Start(settings);

        var transfer = await second.Eventually(() => second.Client.Saga("transfers", id),
            saga => saga?.GetProperty("state").GetString() == "Compensated", "the transfer is compensated after the restart",
            TimeSpan.FromSeconds(60));
        Assert.Equal(["Screening", "Debiting", "Crediting", "VoidingCredit", "Refunding", "Compensated"], transfer!.Value.Path());
        Assert.Equal(500m, await second.Client.Balance("alice"));
        Assert.Equal(50m, await second.Client.Balance("bob"));
        Assert.Equal(1, await TimeoutsFired(second.Client));
    }

    /// <summary>The outbox's count of fired timeouts, from the Prometheus endpoint.</summary>
    static async Task<long> TimeoutsFired(HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("sagas_outbox_timeouts_fired", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
