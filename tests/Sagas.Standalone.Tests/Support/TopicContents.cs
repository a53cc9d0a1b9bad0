using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Sagas.Standalone.Tests.Support;

/// <summary>One record as a topic holds it: its key, its message type's name and its message.</summary>
public sealed record TopicRecord(string Topic, Guid Key, string Type, JsonElement Message)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The saga a ledger event names in its payload, if any.</summary>
    public Guid? SagaId => Message.TryGetProperty("sagaId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : null;

    /// <summary>The message as its contract (the serializer may write numbers as strings).</summary>
    public T As<T>() => Message.Deserialize<T>(Json)!;
}

/// <summary>Reads whole topics, every partition from its start to its end, straight from the cluster.</summary>
public static class TopicContents
{
    public static List<TopicRecord> Read(string bootstrapServers, IEnumerable<string> topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var partitions = topics.SelectMany(topic => admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(partition => new TopicPartitionOffset(topic, partition.PartitionId, Offset.Beginning))).ToList();

        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reader.{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Assign(partitions);

        var records = new List<TopicRecord>();
        var atEnd = new HashSet<TopicPartition>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (atEnd.Count < partitions.Count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Timed out reading the topics to their end.");
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } record)
                continue;
            if (record.IsPartitionEOF)
                atEnd.Add(record.TopicPartition);
            else
                records.Add(Parse(record));
        }

        return records;
    }

    static TopicRecord Parse(ConsumeResult<byte[], byte[]> record)
    {
        using var envelope = JsonDocument.Parse(record.Message.Value);
        var type = envelope.RootElement.GetProperty("messageType")[0].GetString()!;
        return new TopicRecord(record.Topic, Guid.Parse(Encoding.UTF8.GetString(record.Message.Key)), type[(type.LastIndexOf(':') + 1)..],
            envelope.RootElement.GetProperty("message").Clone());
    }
}
