using MassTransit;
using Sagas.Kafka.Connection;

namespace Sagas.Kafka.Receiving;

/// <summary>Creates the endpoint's topic and its DLQ before the consumer subscribes; a failure here is retried by the receive transport.</summary>
internal sealed class TopicProvisioningFilter(TopicProvisioner provisioner, TopicEndpointSettings settings) : IFilter<KafkaConsumerContext>
{
    public async Task Send(KafkaConsumerContext context, IPipe<KafkaConsumerContext> next)
    {
        await provisioner.EnsureCreated([settings.Topic, settings.DeadLetterTopic], context.CancellationToken);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("kafkaTopicProvisioning");
}
