using System.Text.Json;
using Sagas.Kafka;

namespace Sagas.Outbox;

/// <summary>
/// A Kafka record that a committed transaction sent, kept until it has been produced. A row sent now is written claimed
/// by this process, which produces it right after the commit and then deletes it; the sweep delivers it only if that
/// never happened (the process died, or Kafka refused it). A scheduled row (a saga's timeout) waits, unclaimed, for the
/// sweep to find it due at <see cref="NextAttemptAt"/>; cancelling it deletes it.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Assigned by the database; the delivery order of one saga's rows sent now.</summary>
    public long Id { get; private set; }

    /// <summary>The saga the row belongs to: the record key, and the unit of ordering.</summary>
    public Guid SagaId { get; private set; }

    public string Topic { get; private set; } = "";

    /// <summary>The serialized MassTransit envelope (with its MessageId, so a re-produced record is the same message).</summary>
    public byte[] Value { get; private set; } = [];

    /// <summary>The record's Kafka headers as a JSON object of strings.</summary>
    public string Headers { get; private set; } = "{}";

    /// <summary>The timeout's token for a scheduled row; null for a row sent now.</summary>
    public Guid? TokenId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Failed delivery attempts so far.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Not delivered before this time: the due time of a scheduled row, else the retry backoff.</summary>
    public DateTimeOffset NextAttemptAt { get; internal set; }

    /// <summary>The process delivering the row: the one that wrote it, or the sweep that took it over.</summary>
    public string? ClaimedBy { get; internal set; }

    /// <summary>When the holder's claim ends and a sweep may take the row over.</summary>
    public DateTimeOffset? ClaimedUntil { get; internal set; }

    /// <summary>A row to produce <paramref name="record"/> right after the commit, claimed by <paramref name="owner"/> until <paramref name="claimedUntil"/>.</summary>
    public static OutboxMessage SendNow(KafkaRecord record, string owner, DateTimeOffset now, DateTimeOffset claimedUntil) =>
        new()
        {
            SagaId = record.Key,
            Topic = record.Topic,
            Value = record.Value,
            Headers = JsonSerializer.Serialize(record.Headers),
            CreatedAt = now,
            NextAttemptAt = now,
            ClaimedBy = owner,
            ClaimedUntil = claimedUntil,
        };

    /// <summary>A row the sweep produces once <paramref name="dueAt"/> has come, unless it is cancelled by its token first.</summary>
    public static OutboxMessage Schedule(KafkaRecord record, Guid tokenId, DateTimeOffset dueAt, DateTimeOffset now) =>
        new()
        {
            SagaId = record.Key,
            Topic = record.Topic,
            Value = record.Value,
            Headers = JsonSerializer.Serialize(record.Headers),
            TokenId = tokenId,
            CreatedAt = now,
            NextAttemptAt = dueAt,
        };

    /// <summary>The record this row holds, as the producer takes it.</summary>
    public KafkaRecord ToRecord() => new(Topic, SagaId, Value, JsonSerializer.Deserialize<Dictionary<string, string>>(Headers) ?? []);
}
