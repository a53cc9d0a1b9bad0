using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Rider;

internal static class NumberedRecords
{
    /// <summary>Produces <paramref name="perKey"/> numbered records for each key, keys interleaved, and returns the keys.</summary>
    public static async Task<Guid[]> Produce(IKafkaProducer producer, string topic, int keys, int perKey)
    {
        var ids = Enumerable.Range(0, keys).Select(_ => Guid.NewGuid()).ToArray();
        await ProduceMore(producer, topic, ids, 0, perKey);
        return ids;
    }

    /// <summary>Produces the numbers from <paramref name="first"/> on for keys that already have the ones before.</summary>
    public static Task ProduceMore(IKafkaProducer producer, string topic, Guid[] keys, int first, int perKey) =>
        producer.ProduceBatch(Enumerable.Range(first, perKey)
            .SelectMany(sequence => keys.Select(id => producer.Serialize(topic, id, new Numbered(id, sequence))))
            .ToList());
}
