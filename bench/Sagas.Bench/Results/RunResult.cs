using Sagas.Bench.Invariants;
using Sagas.Bench.Targets;

namespace Sagas.Bench.Results;

/// <summary>Every figure of one run against one target, as written to the JSON file.</summary>
public sealed record RunResult
{
    public required TargetDescription Target { get; init; }
    public required string RunTag { get; init; }
    public required long Started { get; init; }
    public required long Terminal { get; init; }

    /// <summary>Sagas that reached a terminal state per second, from the first request to the last terminal transition.</summary>
    public required double CompletedPerSecond { get; init; }

    /// <summary>Sagas requested per second, from the first request to the last.</summary>
    public required double OfferedPerSecond { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>
    /// CPU time (all threads, user and kernel) this process spent from the first request until every saga ended, per saga
    /// started: on a CPU-bound machine a steadier measure of a change than throughput. With the platform in-process it
    /// is the platform's cost plus the load generator's; with <c>--url</c> only the load generator's.
    /// </summary>
    public required double ProcessCpuMsPerSaga { get; init; }

    /// <summary>Database commits and statements per database, Kafka records and outbox rows, per saga (see <see cref="CostCounters"/>).</summary>
    public CostPerSaga? CostPerSaga { get; init; }
    public required bool Drained { get; init; }
    public required LatencySummary EndToEnd { get; init; }
    public required IReadOnlyDictionary<string, LatencySummary> EndToEndByKind { get; init; }
    public required IReadOnlyDictionary<string, LatencySummary> Steps { get; init; }
    public required int HistoriesRead { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> CountsByState { get; init; }
    public required IReadOnlyList<InvariantResult> Invariants { get; init; }

    public bool InvariantsHeld => Invariants.All(invariant => invariant.Status != InvariantStatus.Violated);
}
