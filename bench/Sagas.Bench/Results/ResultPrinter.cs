using Sagas.Bench.Invariants;

namespace Sagas.Bench.Results;

/// <summary>The end-of-run summary on the console: throughput, latency, outcomes, invariants, and the ratio to the ceiling.</summary>
public static class ResultPrinter
{
    public static void Print(BenchReport report)
    {
        Print(report.Platform);
        if (report.InMemoryCeiling is { } ceiling)
        {
            Print(ceiling);
            Console.WriteLine($"Full stack / in-memory ceiling: {report.RatioToCeiling:P1} of completed sagas per second");
        }
    }

    static void Print(RunResult run)
    {
        Console.WriteLine();
        Console.WriteLine($"== {run.Target.Name}: {run.Target.Storage}; {run.Target.Broker}; {run.Target.Driver}");
        Console.WriteLine($"   {run.Terminal}/{run.Started} sagas ended in {run.ElapsedSeconds:F1} s: {run.CompletedPerSecond:F1} completed/s " +
            $"(offered {run.OfferedPerSecond:F1}/s){(run.Drained ? "" : "  NOT DRAINED")}; this process's CPU {run.ProcessCpuMsPerSaga:F1} ms per saga");
        if (run.CostPerSaga is { } cost)
        {
            Console.WriteLine($"   per saga: {cost.TotalCommits:F1} commits ({Each(cost.Commits)}), {cost.Statements.Values.Sum():F1} statements " +
                $"({Each(cost.Statements)}), {cost.KafkaRecords:F1} Kafka records, {cost.OutboxRows:F1} outbox rows");
        }
        Console.WriteLine($"   end to end {Line(run.EndToEnd)}");
        foreach (var (kind, summary) in run.EndToEndByKind)
            Console.WriteLine($"     {kind,-8} {Line(summary)}");
        Console.WriteLine($"   steps (from {run.HistoriesRead} histories):");
        foreach (var (step, summary) in run.Steps)
            Console.WriteLine($"     {step,-32} {Line(summary)}");
        foreach (var (kind, states) in run.CountsByState)
            Console.WriteLine($"   {kind}: {string.Join(", ", states.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}");
        foreach (var invariant in run.Invariants)
        {
            Console.WriteLine($"   [{Mark(invariant.Status)}] {invariant.Name}{(invariant.Note is null ? "" : $" ({invariant.Note})")}");
            foreach (var violation in invariant.Violations.Take(5))
                Console.WriteLine($"         {violation}");
            if (invariant.Violations.Count > 5)
                Console.WriteLine($"         … and {invariant.Violations.Count - 5} more");
        }
    }

    static string Each(IReadOnlyDictionary<string, double> perDatabase) =>
        perDatabase.Count == 0 ? "none" : string.Join(", ", perDatabase.Select(database => $"{database.Key} {database.Value:F1}"));

    static string Line(LatencySummary s) =>
        $"p50 {s.P50Ms,8:F1} ms  p90 {s.P90Ms,8:F1}  p99 {s.P99Ms,8:F1}  p99.9 {s.P999Ms,8:F1}  max {s.MaxMs,8:F1}  (n={s.Count})";

    static string Mark(InvariantStatus status) => status switch
    {
        InvariantStatus.Held => "ok",
        InvariantStatus.Violated => "FAIL",
        _ => "n/a",
    };
}
