using MassTransit;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// Endpoint policy for both sagas: retry transient failures (a busy database, a concurrency conflict) a few times. On
/// Kafka, what a transition sends is held back by the transactional outbox until the transition is saved.
/// </summary>
public sealed class SagaEndpointDefinition<TSaga> : SagaDefinition<TSaga>
    where TSaga : class, ISaga
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TSaga> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(50, 200, 1000, 2000));
    }
}
