using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Sagas.Kafka;

namespace Sagas.Outbox.Tests.Support;

/// <summary>A record as the tests look at it: its saga (key), the message's step, and its MassTransit MessageId.</summary>
public sealed record ProducedParcelStep(Guid SagaId, int Step, string MessageId);

/// <summary>Reads what a one-partition topic holds, straight from the cluster.</summary>
public static class TopicRecords
{
    /// <summary>Every record the topic holds now, in offset order: read until the partition reports its end (bounded).</summary>
    public static List<ProducedParcelStep> ReadAll(string bootstrapServers, string topic)
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
        var records = new List<ProducedParcelStep>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } record)
                continue;
            if (record.IsPartitionEOF)
                return records;
            records.Add(Parse(record));
        }

        throw new TimeoutException($"Timed out reading {topic} to its end.");
    }

    /// <summary>The step of the <see cref="ParcelMoved"/> in a serialized MassTransit envelope.</summary>
    public static int StepOf(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return document.RootElement.GetProperty("message").GetProperty("step").GetInt32();
    }

    static ProducedParcelStep Parse(ConsumeResult<byte[], byte[]> record)
    {
        var step = StepOf(record.Message.Value);
        var messageId = record.Message.Headers.TryGetLastBytes(KafkaHeaders.MessageId, out var id) ? Encoding.UTF8.GetString(id) : "";
        return new ProducedParcelStep(Guid.Parse(Encoding.UTF8.GetString(record.Message.Key)), step, messageId);
    }
}
