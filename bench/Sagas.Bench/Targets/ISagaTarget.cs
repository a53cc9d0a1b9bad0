using Sagas.Bench.Invariants;
using Sagas.Bench.Workload;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Bench.Targets;

/// <summary>Where a saga stands once the run is over: its state and, when terminal, when it got there.</summary>
public sealed record SagaOutcome(string State, DateTimeOffset? TerminalAt);

/// <summary>
/// What a benchmark run drives: the full platform over its HTTP API, or the in-memory ceiling in this process.
/// The run's logic is the same for both; only how a saga is started and observed differs.
/// </summary>
public interface ISagaTarget : IAsyncDisposable
{
    /// <summary>Storage, broker and transport, as the result file records them.</summary>
    TargetDescription Description { get; }

    Task OpenAccount(string accountId, decimal openingBalance, CancellationToken cancellationToken);

    Task Freeze(string accountId, CancellationToken cancellationToken);

    Task SetStock(string sku, int available, CancellationToken cancellationToken);

    Task<decimal> Balance(string accountId, CancellationToken cancellationToken);

    /// <summary>Called once after set-up, before the first saga: terminal counts are from here on.</summary>
    Task MarkStart(CancellationToken cancellationToken);

    /// <summary>Starts the saga and returns its id once the platform accepted it.</summary>
    Task<Guid> Start(PlannedSaga saga, string runTag, CancellationToken cancellationToken);

    /// <summary>How many sagas reached a terminal state since <see cref="MarkStart"/>; cheap enough to poll.</summary>
    Task<long> CountTerminal(CancellationToken cancellationToken);

    /// <summary>The state of each of the given sagas; sagas the target does not know are left out.</summary>
    Task<IReadOnlyDictionary<Guid, SagaOutcome>> Outcomes(IReadOnlyCollection<(SagaKind Kind, Guid Id)> sagas,
        CancellationToken cancellationToken);

    /// <summary>A saga's step history, or null when it cannot be read.</summary>
    Task<IReadOnlyList<SagaStep>?> History(SagaKind kind, Guid id, CancellationToken cancellationToken);

    /// <summary>The journal lines of the given accounts' postings, or null when the target exposes no journal.</summary>
    Task<IReadOnlyList<JournalLine>?> Journal(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken);
}

/// <summary>What was measured: where saga state lives, which broker carried the messages, over which client.</summary>
public sealed record TargetDescription(string Name, string Storage, string Broker, string Driver);
