using MassTransit;

namespace Sagas.Kafka;

/// <summary>
/// Produces MassTransit-enveloped messages to Kafka topics, keyed by saga id, through one idempotent producer
/// (acks=all). Handlers on a topic endpoint send with MassTransit's own <c>Send</c> to a <c>topic:</c> address instead;
/// this is for code outside a consume context and for relays.
/// </summary>
public interface IKafkaProducer
{
    /// <summary>Produces one message and waits for the cluster to acknowledge it; <paramref name="cause"/> carries conversation and correlation along.</summary>
    Task Produce<T>(string topic, Guid key, T message, ConsumeContext? cause = null, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>
    /// Serializes a message into a record without producing it (to produce many at once with <see cref="ProduceBatch"/>).
    /// <paramref name="headers"/> go into the envelope, where the receiving consume context sees them in <c>ConsumeContext.Headers</c>.
    /// </summary>
    KafkaRecord Serialize<T>(string topic, Guid key, T message, ConsumeContext? cause = null, IReadOnlyDictionary<string, object>? headers = null)
        where T : class;

    /// <summary>Produces records in order and waits until the cluster acknowledged every one; throws on the first failure.</summary>
    Task ProduceBatch(IReadOnlyList<KafkaRecord> records, CancellationToken cancellationToken = default);
}
