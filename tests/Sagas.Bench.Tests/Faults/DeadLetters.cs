using Confluent.Kafka;

namespace Sagas.Bench.Tests.Faults;

/// <summary>Counts what the dead-letter topics of a cluster hold, straight from the cluster: every topic ending in <c>.dlq</c>.</summary>
public static class DeadLetters
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Dictionary<string, long> Count(string bootstrapServers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = $"dlq-count-{Guid.NewGuid():N}" })
            .Build();
        return admin.GetMetadata(Timeout).Topics
            .Where(topic => topic.Topic.EndsWith(".dlq", StringComparison.Ordinal))
            .ToDictionary(topic => topic.Topic, topic => topic.Partitions
                .Select(partition => consumer.QueryWatermarkOffsets(new TopicPartition(topic.Topic, partition.PartitionId), Timeout))
                .Sum(watermarks => watermarks.High.Value - watermarks.Low.Value));
    }
}
