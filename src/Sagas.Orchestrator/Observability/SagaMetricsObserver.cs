using MassTransit;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Orchestrator.Observability;

/// <summary>
/// Turns a saga's state changes into <see cref="SagaMetrics"/>. A step's duration runs from the history entry that
/// entered the state being left, so it holds whether or not the <see cref="HistoryRecorder{TSaga}"/> ran first.
/// </summary>
public sealed class SagaMetricsObserver<TSaga>(SagaMetrics metrics, SagaKind kind, TimeProvider clock) : IStateObserver<TSaga>
    where TSaga : class, ITrackedSaga
{
    const string InitialState = "Initial";

    public Task StateChanged(BehaviorContext<TSaga> context, State currentState, State previousState)
    {
        if (previousState is null)
            return Task.CompletedTask;

        if (previousState.Name == InitialState)
            metrics.Started(kind.Name);
        else if (context.Saga.History.LastOrDefault(step => step.To == previousState.Name) is { } entered)
            metrics.StepTook(kind.Name, previousState.Name, context.Event.Name, Max(TimeSpan.Zero, clock.GetUtcNow() - entered.At));

        if (kind.CompensatingStates.Contains(currentState.Name))
            metrics.Compensating(kind.Name, currentState.Name);
        if (kind.TerminalStates.Contains(currentState.Name))
            metrics.Finished(kind.Name, currentState.Name);
        return Task.CompletedTask;
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
