using System.Text;
using Confluent.Kafka;

namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>Reads what a one-partition topic holds, straight from the cluster.</summary>
public static class TopicRecords
{
    /// <summary>Every record the topic holds now: read until the partition reports its end (bounded).</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reader.{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 10,
        }).Build();

        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } record)
                continue;
            if (record.IsPartitionEOF)
                return records;
            records.Add(record);
        }

        throw new TimeoutException($"Timed out reading {topic} to its end.");
    }

    /// <summary>Whether consumer group <paramref name="group"/> has committed the one partition of <paramref name="topic"/> up to its end.</summary>
    public static bool Consumed(string bootstrapServers, string topic, string group)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group }).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(5)).High;
        var committed = consumer.Committed([partition], TimeSpan.FromSeconds(5)).Single().Offset;
        return committed != Offset.Unset && committed >= end;
    }

    public static string? Header(this ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
