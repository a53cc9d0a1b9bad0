using System.Diagnostics;
using Sagas.Bench.Invariants;
using Sagas.Bench.Results;
using Sagas.Bench.Targets;
using Sagas.Bench.Workload;

namespace Sagas.Bench.Running;

/// <summary>
/// One run against one target: open the accounts, start the sagas, wait for them to end, then measure latency and
/// throughput and check the invariants on what the target reports.
/// </summary>
public sealed class BenchRun(ISagaTarget target, BenchOptions options, TimeSpan pollInterval)
{
    /// <summary>Histories read for step latencies, spread evenly over the run, so a long run does not end in a flood of reads.</summary>
    const int MaxHistories = 2000;
    const int ParallelReads = 8;

    public async Task<RunResult> Execute(CancellationToken cancellationToken)
    {
        var runTag = Guid.NewGuid().ToString("N")[..8];
        var plan = new WorkloadPlan(runTag, options.Accounts, options.Mix, options.Seed);
        var name = target.Description.Name;
        Console.WriteLine($"[{name}] run {runTag}: opening {plan.AllAccounts.Count()} accounts");
        var before = await SetUp(plan, cancellationToken);

        await target.MarkStart(cancellationToken);
        using var costs = CostCounters.Start();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        IReadOnlyList<StartedSaga> started;
        bool drained;
        await using (var tracker = new TerminalTracker(target, pollInterval, cancellationToken))
        {
            var driver = new LoadDriver(target, tracker, options, runTag);
            using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var progress = new ProgressReporter(name, () => driver.Issued, tracker, options.ProgressInterval).Run(progressStop.Token);
            started = await driver.Run(plan.Sagas(), cancellationToken);
            drained = await tracker.WaitFor(started.Count, options.DrainTimeout, cancellationToken);
            await progressStop.CancelAsync();
            await progress;
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var cost = costs.Per(started.Count);
        costs.Dispose();

        Console.WriteLine($"[{name}] {started.Count} sagas started, {(drained ? "all ended" : "not all ended before the drain timeout")}; collecting");
        var outcomes = await target.Outcomes([.. started.Select(saga => (saga.Plan.Kind, saga.Id))], cancellationToken);
        var (steps, historiesRead) = await ReadSteps(started, cancellationToken);
        var after = new Dictionary<string, decimal>();
        foreach (var account in before.Keys)
            after[account] = await target.Balance(account, cancellationToken);
        var journal = await target.Journal([.. before.Keys], cancellationToken);

        var facts = new RunFacts([.. started.Select(saga => new SagaFacts(saga.Id, saga.Plan.Kind, saga.Plan.ExpectedState,
            outcomes.GetValueOrDefault(saga.Id)?.State, saga.Plan.Payment))], before, after, journal);
        return Measure(runTag, started, outcomes, drained, cpu) with
        {
            CostPerSaga = cost,
            Steps = steps.Summaries(),
            HistoriesRead = historiesRead,
            Invariants = InvariantChecker.Check(facts),
        };
    }

    async Task<Dictionary<string, decimal>> SetUp(WorkloadPlan plan, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(plan.FundedAccounts, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (account, token) => await target.OpenAccount(account, WorkloadPlan.OpeningBalance, token));
        await target.OpenAccount(plan.EmptyAccount, 0m, cancellationToken);
        await target.OpenAccount(plan.FrozenAccount, 0m, cancellationToken);
        await target.Freeze(plan.FrozenAccount, cancellationToken);
        if (options.Mix.OrderPercent > 0)
            await target.SetStock(plan.Sku, WorkloadPlan.Stock, cancellationToken);

        var balances = new Dictionary<string, decimal>();
        foreach (var account in plan.AllAccounts)
            balances[account] = await target.Balance(account, cancellationToken);
        return balances;
    }

    async Task<(StepLatencies Steps, int Read)> ReadSteps(IReadOnlyList<StartedSaga> started, CancellationToken cancellationToken)
    {
        var steps = new StepLatencies();
        var stride = Math.Max(1, started.Count / MaxHistories);
        var sample = started.Where((_, index) => index % stride == 0).ToList();
        var read = 0;
        await Parallel.ForEachAsync(sample, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (saga, token) =>
            {
                if (await target.History(saga.Plan.Kind, saga.Id, token) is not { } history)
                    return;
                lock (steps)
                {
                    steps.Add(saga.Plan.Kind, saga.SentAt, history);
                    read++;
                }
            });
        return (steps, read);
    }

    RunResult Measure(string runTag, IReadOnlyList<StartedSaga> started, IReadOnlyDictionary<Guid, SagaOutcome> outcomes, bool drained,
        TimeSpan cpu)
    {
        var all = new LatencyRecorder();
        var byKind = new Dictionary<SagaKind, LatencyRecorder>();
        var ended = started.Where(saga => outcomes.GetValueOrDefault(saga.Id)?.TerminalAt is not null).ToList();
        foreach (var saga in ended)
        {
            var latency = outcomes[saga.Id].TerminalAt!.Value - saga.SentAt;
            all.Record(latency);
            if (!byKind.TryGetValue(saga.Plan.Kind, out var recorder))
                byKind[saga.Plan.Kind] = recorder = new LatencyRecorder();
            recorder.Record(latency);
        }

        var first = started.Count > 0 ? started.Min(saga => saga.SentAt) : DateTimeOffset.UtcNow;
        var lastSent = started.Count > 0 ? started.Max(saga => saga.SentAt) : first;
        var lastEnded = ended.Count > 0 ? ended.Max(saga => outcomes[saga.Id].TerminalAt!.Value) : first;
        var elapsed = (lastEnded - first).TotalSeconds;
        return new RunResult
        {
            Target = target.Description,
            RunTag = runTag,
            Started = started.Count,
            Terminal = ended.Count,
            CompletedPerSecond = elapsed > 0 ? Math.Round(ended.Count / elapsed, 1) : 0,
            OfferedPerSecond = (lastSent - first).TotalSeconds is > 0 and var offered ? Math.Round(started.Count / offered, 1) : 0,
            ElapsedSeconds = Math.Round(elapsed, 3),
            Drained = drained,
            EndToEnd = all.Summary(),
            EndToEndByKind = byKind.ToDictionary(kind => kind.Key.ToString().ToLowerInvariant(), kind => kind.Value.Summary()),
            Steps = new Dictionary<string, LatencySummary>(),
            HistoriesRead = 0,
            CountsByState = started.GroupBy(saga => saga.Plan.Kind).ToDictionary(kind => kind.Key.ToString().ToLowerInvariant(),
                kind => (IReadOnlyDictionary<string, long>)kind.GroupBy(saga => outcomes.GetValueOrDefault(saga.Id)?.State ?? "unknown")
                    .ToDictionary(state => state.Key, state => (long)state.Count())),
            Invariants = [],
            ProcessCpuMsPerSaga = started.Count > 0 ? Math.Round(cpu.TotalMilliseconds / started.Count, 1) : 0,
        };
    }
}
