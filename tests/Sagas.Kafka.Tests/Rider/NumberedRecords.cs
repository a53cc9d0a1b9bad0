using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Rider;

internal static class NumberedRecords
{
    /// <summary>Produces <paramref name="perKey"/> numbered records for each key, keys interleaved, and returns the keys.</summary>
    public static async Task<Guid[]> Produce(IKafkaProducer producer, string topic, int keys, int perKey)
    {
        var ids = Enumerable.Range(0, keys).Select(_ => Guid.NewGuid()).ToArray();
        var records = Enumerable.Range(0, perKey)
            .SelectMany(sequence => ids.Select(id => producer.Serialize(topic, id, new Numbered(id, sequence))))
            .ToList();
        await producer.ProduceBatch(records);
        return ids;
    }
}
