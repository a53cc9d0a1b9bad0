using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Orchestrator.Observability;

/// <summary>One log line per state change, so a saga's path can be followed in the logs as well as in its history.</summary>
public sealed class SagaTransitionLog<TSaga>(SagaKind kind, ILogger<SagaTransitionLog<TSaga>> logger) : IStateObserver<TSaga>
    where TSaga : class, ITrackedSaga
{
    public Task StateChanged(BehaviorContext<TSaga> context, State currentState, State previousState)
    {
        if (previousState is not null)
            logger.LogInformation("Saga {SagaType} {SagaId} moved from {PreviousState} to {State} on {Event}", kind.Name, context.Saga.CorrelationId,
                previousState.Name, currentState.Name, context.Event.Name);
        return Task.CompletedTask;
    }
}
