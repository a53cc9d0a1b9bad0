using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Bench.Invariants;
using Sagas.Bench.Results;
using Sagas.Bench.Running;
using Sagas.Bench.Targets;
using Sagas.Kafka.Embedded;
using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Bench.Tests.Faults;

/// <summary>What one fault scenario injected and what came of it.</summary>
public sealed record FaultOutcome(TimeSpan Outage, RunResult Run, IReadOnlyDictionary<string, long> DeadLetters, TimeSpan? RecoveredAfter,
    IReadOnlyList<CapturedLog.Line> OutageLog, long RefusedRequests, IReadOnlyList<(TimeSpan After, bool Ready, string Body)> Readiness)
{
    public long DeadLettered => DeadLetters.Values.Sum();

    /// <summary>
    /// The warnings and errors an operator reads about the fault: every one logged from the fault to the recovery, but for
    /// the workers' warnings about refusals the workload planned (insufficient funds, a frozen account, a fraud limit).
    /// </summary>
    public IReadOnlyList<CapturedLog.Line> OperatorLines =>
        [.. OutageLog.Where(line => line.Level > LogLevel.Warning || line.Level == LogLevel.Warning && !line.Category.StartsWith("Sagas.Workers.", StringComparison.Ordinal))];

    /// <summary>How long after the dependency's return readiness answered 200 again, if it did.</summary>
    public TimeSpan? ReadyAfterReturn => Readiness.Where(change => change.Ready && change.After >= Outage).Select(change => (TimeSpan?)(change.After - Outage)).FirstOrDefault();
}

/// <summary>
/// Runs a benchmark workload on the whole platform in this process (on a Kafka cluster the test owns, so it can count the
/// dead letters and inject broker faults), takes a dependency down once the load is under way, brings it back after the
/// outage, lets every saga end and checks the bank invariants. Reports what was injected, the sagas per end state, dead
/// letters, recovery time (from the return to the last saga's end) and what was logged from the fault to the recovery.
/// </summary>
public static class FaultScenario
{
    /// <summary>The workload's seed, for the long mode (<see cref="LongRuns"/>) run by hand (default: the benchmark's).</summary>
    public const string SeedVariable = "SAGAS_FAULT_SEED";

    const int MaxLinesWithException = 5;

    /// <summary>The workload: transfers only, the benchmark's mix of outcomes, from 16 clients.</summary>
    public static BenchOptions Options(int count, IReadOnlyDictionary<string, string> settings)
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 20261127;
        var options = BenchOptions.Parse(["--count", count.ToString(CultureInfo.InvariantCulture), "--concurrency", "16", "--accounts", "20",
            "--progress-seconds", "5", "--drain-timeout", "240", "--seed", seed.ToString(CultureInfo.InvariantCulture)]);
        var all = new Dictionary<string, string>(options.Settings)
        {
            // What the standalone host logs for a person, so the outage's log is counted as they would read it.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
        };
        foreach (var (key, value) in settings)
            all[key] = value;
        return options with { Settings = all };
    }

    public static async Task<FaultOutcome> Run(string name, BenchOptions options, EmbeddedKafkaCluster cluster, int injectAfterAccepted, TimeSpan outage,
        Func<Task> takeDown, Func<Task> bringBack, ITestOutputHelper output)
    {
        var log = new CapturedLog();
        var platform = await InProcessPlatform.Start(options, CancellationToken.None, builder =>
        {
            builder.Services.AddSingleton(cluster);
            builder.Logging.AddProvider(log);
        });
        var http = new HttpClient { BaseAddress = platform.Address, Timeout = TimeSpan.FromSeconds(60) };
        await using var target = new FaultTarget(new HttpSagaTarget(new PlatformApi(http), new TargetDescription("platform", options.Storage, "embedded", "HTTP"),
            [SagaKind.Transfer], new LedgerJournalReader(platform.Services), new Owned(platform, http)), injectAfterAccepted);
        await using var readiness = new ReadinessWatch(platform.Address);

        var run = new BenchRun(target, options, options.PollInterval).Execute(CancellationToken.None);
        if (await Task.WhenAny(target.InjectNow, run) == run)
            throw new InvalidOperationException($"The run ended before {injectAfterAccepted} sagas were accepted.");

        var downAt = DateTimeOffset.UtcNow;
        await takeDown();
        output.WriteLine($"[{name}] down at {downAt:HH:mm:ss.fff} after {injectAfterAccepted} sagas were accepted, for {outage.TotalSeconds:F0} s");
        await Task.Delay(outage);
        await bringBack();
        var upAt = DateTimeOffset.UtcNow;
        var result = await run;

        var recoveredAfter = target.LastTerminalAt is { } last && last > upAt ? last - upAt : (TimeSpan?)null;
        var until = target.LastTerminalAt is { } end && end > upAt ? end : upAt;
        var outageLog = log.Lines.Where(line => line.At >= downAt && line.At <= until.AddSeconds(1)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var changes = readiness.Changes.Where(change => change.At >= downAt).Select(change => (change.At - downAt, change.Ready, change.Body)).ToList();
        var outcome = new FaultOutcome(upAt - downAt, result, DeadLetters.Count(cluster.BootstrapServers), recoveredAfter, outageLog, target.RefusedRequests, changes);
        Report(name, outcome, output);
        return outcome;
    }

    static void Report(string name, FaultOutcome outcome, ITestOutputHelper output)
    {
        var run = outcome.Run;
        output.WriteLine($"[{name}] {run.Started} sagas started, {run.Terminal} ended: "
            + string.Join(", ", run.CountsByState.SelectMany(kind => kind.Value.Select(state => $"{state.Value} {kind.Key} {state.Key}"))));
        output.WriteLine($"[{name}] dead letters: {outcome.DeadLettered} "
            + $"({string.Join(", ", outcome.DeadLetters.Where(topic => topic.Value > 0).Select(topic => $"{topic.Key} {topic.Value}"))})");
        output.WriteLine($"[{name}] last saga ended {outcome.RecoveredAfter?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "before"} s after the return; "
            + $"{outcome.RefusedRequests} start requests refused and asked again meanwhile");
        output.WriteLine($"[{name}] {outcome.OutageLog.Count} log lines from the fault to the recovery, {outcome.OperatorLines.Count} of them warnings "
            + $"and errors about it, {outcome.OutageLog.Count(line => line.HasException)} with an exception:");
        foreach (var group in outcome.OutageLog.GroupBy(line => (line.Level, line.Category, line.HasException)).OrderByDescending(group => group.Count()))
            output.WriteLine($"    {group.Count(),5} {group.Key.Level} {group.Key.Category}{(group.Key.HasException ? " (with exception)" : "")}: {group.First().Text}");
        foreach (var line in outcome.OperatorLines.Take(40))
            output.WriteLine($"    {line.At:HH:mm:ss.fff} {line.Level} {line.Category}: {line.Text}");
        output.WriteLine($"[{name}] ready again {outcome.ReadyAfterReturn?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) ?? "never"} s after the return; "
            + $"readiness from the fault on: "
            + string.Join(" → ", outcome.Readiness.Select(change => $"{(change.Ready ? "200" : "503")} at +{change.After.TotalSeconds:F1} s")));
        foreach (var change in outcome.Readiness.Where(change => !change.Ready).Take(3))
            output.WriteLine($"    {change.Body}");
        output.WriteLine($"[{name}] invariants: "
            + string.Join("; ", run.Invariants.Select(invariant => $"{invariant.Name}: {invariant.Status} {string.Join(" ", invariant.Violations.Take(5))}")));
    }

    sealed class Owned(InProcessPlatform platform, HttpClient http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await platform.DisposeAsync();
        }
    }

    /// <summary>
    /// Every invariant held, every saga ended as planned, nothing was dead-lettered, the outage's log stayed short and had no
    /// stack trace, and readiness said so without flapping.
    /// </summary>
    public static void AssertClean(FaultOutcome outcome, int maxLogLines, TimeSpan stepTimeout)
    {
        Assert.Equal(outcome.Run.Started, outcome.Run.Terminal);
        // An outage longer than a step's timeout may end sagas by that timeout, as designed: then they must only end, and
        // the money stay right; a shorter one must leave every saga to end as its workload planned.
        var invariants = outcome.Outage > stepTimeout
            ? outcome.Run.Invariants.Where(invariant => invariant.Name != InvariantChecker.ExpectedStates)
            : outcome.Run.Invariants;
        AssertHeld(invariants);
        Assert.Equal(0, outcome.DeadLettered);
        Assert.True(outcome.OperatorLines.Count < maxLogLines, $"{outcome.OperatorLines.Count} warnings and errors were logged from the fault to the recovery.");
        // No stack trace per retry: a call caught at the very moment of the fault (a transaction whose connection broke in
        // use) may still log one, but every later attempt is the monitor's to report, and there are hundreds of them.
        Assert.True(outcome.OutageLog.Count(line => line.HasException) <= MaxLinesWithException,
            $"{outcome.OutageLog.Count(line => line.HasException)} lines with a stack trace were logged from the fault to the recovery.");
        // Not ready while the dependency was down; ready again after it returned, and it stayed so: no flapping.
        Assert.Contains(outcome.Readiness, change => !change.Ready);
        Assert.True(outcome.ReadyAfterReturn is not null, "Readiness never answered 200 after the dependency returned.");
        Assert.DoesNotContain(outcome.Readiness, change => !change.Ready && change.After > outcome.Outage + outcome.ReadyAfterReturn!.Value);
    }

    /// <summary>Each of <paramref name="invariants"/> held; a failure names the invariant and its first violations.</summary>
    public static void AssertHeld(IEnumerable<InvariantResult> invariants) =>
        Assert.All(invariants, invariant => Assert.True(invariant.Status == InvariantStatus.Held,
            $"{invariant.Name}: {invariant.Note} {string.Join(" ", invariant.Violations.Take(10))}"));
}
