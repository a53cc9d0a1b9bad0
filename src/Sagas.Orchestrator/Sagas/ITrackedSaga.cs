using MassTransit;

namespace Sagas.Orchestrator.Sagas;

/// <summary>What every saga instance keeps so people can see where it is and how it got there.</summary>
public interface ITrackedSaga : SagaStateMachineInstance
{
    string CurrentState { get; set; }

    DateTimeOffset CreatedAt { get; set; }

    DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Why the saga did not complete (or what went wrong on the way), for people.</summary>
    string? Reason { get; set; }

    /// <summary>How often the saga re-sent a compensating command whose reply did not come.</summary>
    int CompensationAttempts { get; set; }

    /// <summary>Replaced, never mutated, on each transition, so readers can enumerate it while the saga moves on.</summary>
    IReadOnlyList<SagaStep> History { get; set; }
}
