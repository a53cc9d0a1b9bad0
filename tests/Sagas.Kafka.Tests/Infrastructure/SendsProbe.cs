using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>
/// Reads, as the first attempt of each <see cref="Messages.Work"/> record starts, how many records the topic its handlers send
/// to holds: whether what the records before it sent was produced before it started.
/// </summary>
public sealed class SendsProbe(string bootstrapServers, string topic) : IDisposable
{
    readonly IConsumer<byte[], byte[]> _consumer =
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = $"probe.{Guid.NewGuid():N}" }).Build();
    readonly ConcurrentDictionary<int, long> _sentBefore = new();

    /// <summary>By sequence: the records the topic held when its first attempt started.</summary>
    public IReadOnlyDictionary<int, long> SentBefore => _sentBefore;

    public void Observe(int sequence)
    {
        if (!_sentBefore.ContainsKey(sequence))
            _sentBefore.TryAdd(sequence, _consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value);
    }

    public void Dispose() => _consumer.Dispose();
}
