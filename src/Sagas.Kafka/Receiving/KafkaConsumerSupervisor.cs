using MassTransit;
using MassTransit.Agents;
using MassTransit.Middleware;
using MassTransit.Transports;

namespace Sagas.Kafka.Receiving;

/// <summary>The transport context of a topic endpoint; it carries nothing, the consumer agent owns the librdkafka client.</summary>
internal sealed class KafkaConsumerContext(CancellationToken cancellationToken) : BasePipeContext(cancellationToken), PipeContext;

/// <summary>Supervises a topic endpoint's consumer agent so MassTransit's receive transport can stop and restart it.</summary>
internal sealed class KafkaConsumerSupervisor() : TransportPipeContextSupervisor<KafkaConsumerContext>(new ContextFactory())
{
    sealed class ContextFactory : IPipeContextFactory<KafkaConsumerContext>
    {
        public IPipeContextAgent<KafkaConsumerContext> CreateContext(ISupervisor supervisor) =>
            supervisor.AddContext(new KafkaConsumerContext(supervisor.Stopped));

        public IActivePipeContextAgent<KafkaConsumerContext> CreateActiveContext(ISupervisor supervisor,
            PipeContextHandle<KafkaConsumerContext> context, CancellationToken cancellationToken = default) =>
            supervisor.AddActiveContext(context, context.Context);
    }
}
