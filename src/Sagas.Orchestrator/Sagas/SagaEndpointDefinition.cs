using MassTransit;
using Sagas.Kafka.Outages;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// Endpoint policy for both sagas: retry passing failures (a busy database, a concurrency conflict) a few times. A database
/// or cluster that is down is not retried here: the Kafka rider holds the record until it is back. On Kafka, what a
/// transition sends is held back by the transactional outbox until the transition is saved.
/// </summary>
public sealed class SagaEndpointDefinition<TSaga> : SagaDefinition<TSaga>
    where TSaga : class, ISaga
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TSaga> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Intervals(50, 200, 1000, 2000);
            retry.Ignore<Exception>(TransientFailure.IsTransient);
        });
    }
}
