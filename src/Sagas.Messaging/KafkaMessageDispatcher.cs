using MassTransit;
using Microsoft.Extensions.Options;
using Sagas.Kafka;

namespace Sagas.Messaging;

/// <summary>Produces each message to its topic (a worker's commands or the orchestrator's events), keyed by saga id.</summary>
public sealed class KafkaMessageDispatcher(IKafkaProducer producer, IOptions<TopicOptions> topics) : IMessageDispatcher
{
    public Task Dispatch<T>(T message, ConsumeContext? cause, CancellationToken cancellationToken)
        where T : class =>
        producer.Produce(MessageRoutes.TopicFor(message.GetType(), topics.Value), MessageKey.Of(message), message, cause, cancellationToken);
}
