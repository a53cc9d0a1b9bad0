namespace Sagas.Kafka;

/// <summary>
/// A serialized record ready to produce: what an outbox stores and a relay later hands to
/// <see cref="IKafkaProducer.ProduceBatch"/>. The key is the saga's CorrelationId.
/// </summary>
public sealed record KafkaRecord(string Topic, Guid Key, byte[] Value, IReadOnlyDictionary<string, string> Headers);
