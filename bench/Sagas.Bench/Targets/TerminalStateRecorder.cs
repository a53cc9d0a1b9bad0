using System.Collections.Concurrent;
using MassTransit;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Bench.Targets;

/// <summary>What the in-memory ceiling saw of a saga when it reached a terminal state.</summary>
public sealed record TerminalRecord(string State, DateTimeOffset At, IReadOnlyList<SagaStep> History);

/// <summary>
/// Watches a state machine in this process and notes, for each saga, the moment it entered one of the terminal
/// states; the first such moment counts, since a terminal saga never leaves it.
/// </summary>
public sealed class TerminalStateRecorder<TSaga>(IReadOnlySet<string> terminalStates, ConcurrentDictionary<Guid, TerminalRecord> records)
    : IStateObserver<TSaga>
    where TSaga : class, ITrackedSaga
{
    public Task StateChanged(BehaviorContext<TSaga> context, State currentState, State previousState)
    {
        if (terminalStates.Contains(currentState.Name))
            records.TryAdd(context.Saga.CorrelationId, new TerminalRecord(currentState.Name, DateTimeOffset.UtcNow, context.Saga.History));
        return Task.CompletedTask;
    }
}
