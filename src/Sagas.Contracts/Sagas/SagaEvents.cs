using Sagas.Contracts.Orders;

namespace Sagas.Contracts.Sagas;

/// <summary>
/// Orchestrator → read side, on <c>saga.events</c> keyed by the saga id: the saga's first step (history step 1), with
/// what it is about. AccountId pays (the transfer's source, the order's customer); CounterpartyAccountId is paid.
/// </summary>
public record SagaStarted
{
    public required Guid CorrelationId { get; init; }

    /// <summary>"transfer" or "order".</summary>
    public required string SagaType { get; init; }

    public required int Step { get; init; }

    public required string Event { get; init; }

    public required string State { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string AccountId { get; init; }

    public required string CounterpartyAccountId { get; init; }

    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    /// <summary>What an order bought; empty for a transfer.</summary>
    public IReadOnlyList<OrderLine> Items { get; init; } = [];
}

/// <summary>
/// Orchestrator → read side: the saga took history step <c>Step</c>, from one state to another; Took is the time it
/// spent in From (since the previous step).
/// </summary>
public record SagaStepped(Guid CorrelationId, string SagaType, int Step, string Event, string From, string To, DateTimeOffset At, TimeSpan Took);

/// <summary>
/// Orchestrator → read side: the saga's step into a state it never leaves (Outcome: Completed, Failed, …), in place of
/// a SagaStepped for that step; Reason says why it did not complete, when it did not.
/// </summary>
public record SagaEnded(Guid CorrelationId, string SagaType, int Step, string Event, string From, string Outcome, DateTimeOffset At, TimeSpan Took,
    string? Reason);
