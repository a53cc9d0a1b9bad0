using MassTransit;

namespace Sagas.Kafka;

/// <summary>How a message becomes a record of this library, for sinks that store records instead of producing them.</summary>
public static class KafkaRecords
{
    /// <summary>
    /// Serializes <paramref name="message"/> as a record of <paramref name="topic"/>, keyed by its CorrelationId, the send
    /// context shaped by <paramref name="pipe"/> (headers, ids), with <paramref name="sourceAddress"/> as where replies go.
    /// </summary>
    public static Task<KafkaRecord> Serialize<T>(string topic, T message, IPipe<SendContext<T>>? pipe, Uri? sourceAddress,
        CancellationToken cancellationToken)
        where T : class =>
        Sending.EnvelopeSerializer.Serialize(topic, message, pipe, sourceAddress, cancellationToken);
}
