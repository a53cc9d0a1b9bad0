using Sagas.Bench;
using Sagas.Bench.Invariants;
using Sagas.Bench.Profiling;
using Sagas.Bench.Results;
using Sagas.Bench.Running;
using Sagas.Bench.Targets;

if (BenchOptions.AsksForHelp(args))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (FormatException error)
{
    Console.Error.WriteLine($"sagas-bench: {error.Message} (run with --help for the usage)");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

RunResult platform;
var warmupsHeld = true;
await using (var target = await PlatformTargets.Start(options, stop.Token))
{
    warmupsHeld &= await WarmUp(target, options.PollInterval);
    await using var profiler = options.ProfileFile is { } file ? await EventPipeProfiler.Start(file, stop.Token) : null;
    platform = await new BenchRun(target, options, options.PollInterval).Execute(stop.Token);
}

RunResult? ceiling = null;
if (options.InMemoryBaseline)
{
    await using var baseline = await InMemoryBaselineTarget.Start(options, stop.Token);
    warmupsHeld &= await WarmUp(baseline, PlatformTargets.InProcessPollInterval);
    ceiling = await new BenchRun(baseline, options, PlatformTargets.InProcessPollInterval).Execute(stop.Token);
}

var report = new BenchReport(DateTimeOffset.UtcNow, options.Describe(), MachineInfo.Current(), platform, ceiling);
ResultPrinter.Print(report);
if (options.JsonFile is { } json)
    await report.Write(json, stop.Token);
return warmupsHeld && platform.InvariantsHeld && ceiling?.InvariantsHeld != false ? 0 : 1;

// The warm-up's sagas are real ones on accounts of their own: a violated invariant there fails the run too.
async Task<bool> WarmUp(ISagaTarget target, TimeSpan pollInterval)
{
    if (options.Warmup == 0)
        return true;

    var warmup = await new BenchRun(target, options.ForWarmup(), pollInterval).Execute(stop.Token);
    var violated = warmup.Invariants.Where(invariant => invariant.Status == InvariantStatus.Violated).Select(invariant => invariant.Name).ToList();
    Console.WriteLine($"[{target.Description.Name}] warm-up: {warmup.Terminal} of {warmup.Started} sagas ended; " +
        (violated.Count == 0 ? "invariants held" : $"VIOLATED: {string.Join(", ", violated)}") + "; now the measured run");
    return violated.Count == 0;
}
