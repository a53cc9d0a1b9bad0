using MassTransit;
using Microsoft.Extensions.Logging;

namespace Sagas.Kafka.Diagnostics;

/// <summary>Runs the rest of a saga's pipeline, once the repository loaded the instance, inside a scope naming it.</summary>
internal sealed class SagaLogScopeFilter<TSaga>(ILogger logger) : IFilter<SagaConsumeContext<TSaga>>
    where TSaga : class, ISaga
{
    public async Task Send(SagaConsumeContext<TSaga> context, IPipe<SagaConsumeContext<TSaga>> next)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            [LogScopeNames.SagaType] = SagaTypes.NameOf<TSaga>(),
            [LogScopeNames.SagaId] = context.Saga.CorrelationId,
        });
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("sagaLogScope");
}
