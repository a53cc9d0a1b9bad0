using Sagas.Bench.Invariants;
using Sagas.Bench.Running;
using Sagas.Bench.Targets;

namespace Sagas.Bench.Tests.Running;

/// <summary>
/// The benchmark's own run logic on real targets: the in-memory ceiling (real workers on SQLite files) and the
/// standalone platform in this process (embedded Kafka, SQLite files, HTTP). A small workload with every outcome
/// must end with every saga counted in its expected state and every invariant held, the journal included.
/// </summary>
public class When_the_bench_runs_a_workload
{
    static readonly BenchOptions Options = BenchOptions.Parse(
        ["--count", "40", "--concurrency", "8", "--orders", "20", "--accounts", "4", "--progress-seconds", "5", "--drain-timeout", "120"]);

    [Fact]
    public async Task On_the_in_memory_ceiling_every_saga_ends_as_planned_and_every_invariant_holds()
    {
        await using var target = await InMemoryBaselineTarget.Start(Options, CancellationToken.None);

        var result = await new BenchRun(target, Options, PlatformTargets.InProcessPollInterval).Execute(CancellationToken.None);

        AssertClean(result);
    }

    [Fact]
    public async Task A_run_after_a_warm_up_on_the_same_target_waits_for_its_own_sagas()
    {
        await using var target = await InMemoryBaselineTarget.Start(Options, CancellationToken.None);
        await new BenchRun(target, Options.ForWarmup() with { Count = 40 }, PlatformTargets.InProcessPollInterval).Execute(CancellationToken.None);

        var result = await new BenchRun(target, Options, PlatformTargets.InProcessPollInterval).Execute(CancellationToken.None);

        AssertClean(result);
    }

    [Fact]
    public async Task On_the_in_process_platform_every_saga_ends_as_planned_and_every_invariant_holds()
    {
        await using var target = await PlatformTargets.Start(Options, CancellationToken.None);

        var result = await new BenchRun(target, Options, Options.PollInterval).Execute(CancellationToken.None);

        AssertClean(result);
    }

    static void AssertClean(Results.RunResult result)
    {
        Assert.Equal(40, result.Started);
        Assert.Equal(40, result.Terminal);
        Assert.True(result.Drained);
        Assert.Equal(40, result.EndToEnd.Count);
        Assert.All(result.Invariants, invariant => Assert.True(invariant.Status == InvariantStatus.Held,
            $"{invariant.Name}: {invariant.Note} {string.Join(" ", invariant.Violations)}"));
        Assert.Contains(result.Steps.Keys, step => step.StartsWith("transfer ", StringComparison.Ordinal));
        Assert.Equal(40, result.CountsByState.Values.Sum(states => states.Values.Sum()));
    }
}
