using Sagas.Kafka.Embedded;
using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Bench.Tests.Faults;

/// <summary>
/// The fault suite: under a load of transfers, a dependency goes down and comes back. The platform pauses and resumes:
/// every saga ends as its workload planned (transfers between funded accounts complete), the bank invariants hold,
/// nothing is dead-lettered, and the outage is logged in a few lines. Short in CI; <c>SAGAS_FAULT_LONG=1</c> runs the
/// same scenarios by hand with longer outages and more sagas (<c>SAGAS_FAULT_SEED</c> varies the workload).
/// </summary>
public class When_a_dependency_goes_down_under_load(ITestOutputHelper output)
{
    const int MaxOutageLogLines = 200;

    [PostgresFact]
    public async Task Postgres_stopped_under_load_pauses_the_platform_and_every_saga_ends_as_planned()
    {
        var (sagas, outage) = LongRuns.Pick(ci: (120, TimeSpan.FromSeconds(15)), @long: (600, TimeSpan.FromSeconds(45)));
        await using var postgres = await OwnPostgres.Start();
        await using var cluster = EmbeddedKafkaCluster.Start();
        var options = FaultScenario.Options(sagas, new Dictionary<string, string>()) with
        {
            Storage = BenchOptions.Postgres,
            ConnectionString = postgres.ConnectionString,
        };

        var outcome = await FaultScenario.Run($"postgres stopped {outage.TotalSeconds:F0} s", options, cluster, injectAfterAccepted: sagas / 4, outage,
            postgres.Stop, postgres.StartServer, output);

        FaultScenario.AssertClean(outcome, MaxOutageLogLines, options.StepTimeout);
    }

    [Fact]
    public async Task Brokers_set_down_and_up_under_load_pause_the_platform_and_every_saga_ends_as_planned()
    {
        var (sagas, outage) = LongRuns.Pick(ci: (120, TimeSpan.FromSeconds(8)), @long: (600, TimeSpan.FromSeconds(45)));
        await using var cluster = EmbeddedKafkaCluster.Start();
        var options = FaultScenario.Options(sagas, new Dictionary<string, string>());

        var outcome = await FaultScenario.Run($"brokers down {outage.TotalSeconds:F0} s", options, cluster, injectAfterAccepted: sagas / 4, outage,
            () => SetBrokers(cluster, up: false), () => SetBrokers(cluster, up: true), output);

        FaultScenario.AssertClean(outcome, MaxOutageLogLines, options.StepTimeout);
    }

    static Task SetBrokers(EmbeddedKafkaCluster cluster, bool up)
    {
        for (var broker = 1; broker <= cluster.Brokers; broker++)
        {
            if (up)
                cluster.BringBrokerUp(broker);
            else
                cluster.TakeBrokerDown(broker);
        }

        return Task.CompletedTask;
    }
}
