using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Sagas.Kafka;

namespace Sagas.Outbox.Tests.Support;

/// <summary>
/// A record as the tests look at it: its saga (key), the message's step (0 for a message without one), the message
/// type, its MassTransit MessageId, and from the envelope where replies go and the scheduling token, when set.
/// </summary>
public sealed record ProducedRecord(Guid SagaId, int Step, string MessageType, string MessageId, string? ResponseAddress, string? SchedulingToken)
{
    public bool Is<T>() => MessageType.Contains(typeof(T).Name, StringComparison.Ordinal);
}

/// <summary>Reads what a one-partition topic holds, straight from the cluster.</summary>
public static class TopicRecords
{
    /// <summary>Every record the topic holds now, in offset order: read until the partition reports its end (bounded).</summary>
    public static List<ProducedRecord> ReadAll(string bootstrapServers, string topic)
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
        var records = new List<ProducedRecord>();
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

    /// <summary>The step of a serialized MassTransit envelope's message, 0 when it has none.</summary>
    public static int StepOf(byte[] envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return document.RootElement.GetProperty("message").TryGetProperty("step", out var step) ? step.GetInt32() : 0;
    }

    static ProducedRecord Parse(ConsumeResult<byte[], byte[]> record)
    {
        using var envelope = JsonDocument.Parse(record.Message.Value);
        var root = envelope.RootElement;
        var step = root.GetProperty("message").TryGetProperty("step", out var value) ? value.GetInt32() : 0;
        var responseAddress = root.TryGetProperty("responseAddress", out var address) && address.ValueKind == JsonValueKind.String ? address.GetString() : null;
        var token = root.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object
            && headers.TryGetProperty(MassTransit.MessageHeaders.SchedulingTokenId, out var tokenId) ? tokenId.GetString() : null;
        return new ProducedRecord(Guid.Parse(Encoding.UTF8.GetString(record.Message.Key)), step, Header(record, KafkaHeaders.MessageType) ?? "",
            Header(record, KafkaHeaders.MessageId) ?? "", responseAddress, token);
    }

    static string? Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : null;
}
