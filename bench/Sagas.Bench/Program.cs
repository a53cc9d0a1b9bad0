using Sagas.Bench;
using Sagas.Bench.Profiling;
using Sagas.Bench.Results;
using Sagas.Bench.Running;
using Sagas.Bench.Targets;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (FormatException error)
{
    Console.Error.WriteLine($"{error.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

RunResult platform;
await using (var target = await PlatformTargets.Start(options, stop.Token))
await using (var profiler = options.ProfileFile is { } file ? await EventPipeProfiler.Start(file, stop.Token) : null)
    platform = await new BenchRun(target, options, options.PollInterval).Execute(stop.Token);

RunResult? ceiling = null;
if (options.InMemoryBaseline)
{
    await using var baseline = await InMemoryBaselineTarget.Start(options, stop.Token);
    ceiling = await new BenchRun(baseline, options, PlatformTargets.InProcessPollInterval).Execute(stop.Token);
}

var report = new BenchReport(DateTimeOffset.UtcNow, options.Describe(), MachineInfo.Current(), platform, ceiling);
ResultPrinter.Print(report);
if (options.JsonFile is { } json)
    await report.Write(json, stop.Token);
return platform.InvariantsHeld && ceiling?.InvariantsHeld != false ? 0 : 1;
