using MassTransit;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// Appends a step to a saga's history on every state change, inside the same transition that changes it, and tells the
/// read side about the step in that same transition (<see cref="SagaEventPublisher{TSaga}"/>).
/// </summary>
public sealed class HistoryRecorder<TSaga>(TimeProvider clock, SagaEventPublisher<TSaga> events) : IStateObserver<TSaga>
    where TSaga : class, ITrackedSaga
{
    public Task StateChanged(BehaviorContext<TSaga> context, State currentState, State previousState)
    {
        if (previousState is null)
            return Task.CompletedTask;

        var now = clock.GetUtcNow();
        var saga = context.Saga;
        var previous = saga.History.Count == 0 ? null : saga.History[^1];
        if (previous is null)
            saga.CreatedAt = now;
        saga.UpdatedAt = now;
        var step = new SagaStep(now, context.Event.Name, previousState.Name, currentState.Name);
        saga.History = [.. saga.History, step];
        return events.Publish(context, saga.History.Count, step, previous);
    }
}
