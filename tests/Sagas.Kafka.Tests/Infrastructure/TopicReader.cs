using Confluent.Kafka;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>Reads raw records and committed offsets straight from the cluster, independently of the rider.</summary>
public static class TopicReader
{
    /// <summary>Reads a topic from the beginning until <paramref name="count"/> records arrived (bounded).</summary>
    public static List<ConsumeResult<byte[], byte[]>> Read(string bootstrapServers, string topic, int count, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reader.{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            AllowAutoCreateTopics = true,
            FetchWaitMaxMs = 10,
        }).Build();

        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record)
                    records.Add(record);
            }
            catch (ConsumeException exception) when (exception.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
                // The topic appears with the first record produced to it.
            }
        }

        consumer.Close();
        return records;
    }

    /// <summary>Reads every record a topic holds now: until each of its partitions reported its end (bounded).</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrapServers, string topic, int partitions, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reader.{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 10,
        }).Build();

        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var ended = new HashSet<int>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (ended.Count < partitions)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out reading {topic} to its end.");
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } record)
                continue;
            if (record.IsPartitionEOF)
                ended.Add(record.Partition.Value);
            else
                records.Add(record);
        }

        return records;
    }

    /// <summary>The committed offset per partition of a consumer group on a topic.</summary>
    public static Dictionary<int, long> Committed(string bootstrapServers, string topic, string groupId, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = groupId }).Build();
        return consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .ToDictionary(tpo => tpo.Partition.Value, tpo => tpo.Offset.Value);
    }

    public static string? Header(this ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? System.Text.Encoding.UTF8.GetString(value) : null;
}
