using MassTransit;

namespace Sagas.Orchestrator.Sagas;

/// <summary>Appends a step to a saga's history on every state change, inside the same transition that changes it.</summary>
public sealed class HistoryRecorder<TSaga>(TimeProvider clock) : IStateObserver<TSaga>
    where TSaga : class, ITrackedSaga
{
    public Task StateChanged(BehaviorContext<TSaga> context, State currentState, State previousState)
    {
        if (previousState is null)
            return Task.CompletedTask;

        var now = clock.GetUtcNow();
        var saga = context.Saga;
        if (saga.History.Count == 0)
            saga.CreatedAt = now;
        saga.UpdatedAt = now;
        saga.History = [.. saga.History, new SagaStep(now, context.Event.Name, previousState.Name, currentState.Name)];
        return Task.CompletedTask;
    }
}
