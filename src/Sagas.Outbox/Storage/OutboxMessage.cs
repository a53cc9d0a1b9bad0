using System.Text.Json;
using Sagas.Kafka;
using Sagas.Scheduling;

namespace Sagas.Outbox;

/// <summary>
/// One thing a committed transaction asked to send: a Kafka record, or a timeout to schedule or cancel. Rows are written
/// in the caller's transaction and later delivered by the relay, in <see cref="Id"/> order per saga.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Assigned by the database; the delivery order of one saga's rows.</summary>
    public long Id { get; private set; }

    /// <summary>The saga the row belongs to: the record key, and the unit of ordering.</summary>
    public Guid SagaId { get; private set; }

    public OutboxMessageKind Kind { get; private set; }

    /// <summary>Where the record goes; null for a cancelled timeout.</summary>
    public string? Topic { get; private set; }

    /// <summary>The serialized MassTransit envelope (with its MessageId, so a re-produced record is the same message).</summary>
    public byte[]? Value { get; private set; }

    /// <summary>The record's Kafka headers as a JSON object of strings.</summary>
    public string? Headers { get; private set; }

    /// <summary>The timeout's token, for schedule and cancel rows.</summary>
    public Guid? TokenId { get; private set; }

    /// <summary>When a scheduled timeout falls due.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Failed delivery attempts so far.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Not delivered before this time (the retry backoff); the creation time for a new row.</summary>
    public DateTimeOffset NextAttemptAt { get; internal set; }

    /// <summary>The relay holding the row, or that delivered it.</summary>
    public string? ClaimedBy { get; internal set; }

    /// <summary>When the holder's lease ends and another relay may take the row over.</summary>
    public DateTimeOffset? ClaimedUntil { get; internal set; }

    public DateTimeOffset? DeliveredAt { get; internal set; }

    /// <summary>A row that produces <paramref name="record"/>, ordered with the other rows of its key's saga.</summary>
    public static OutboxMessage ForRecord(KafkaRecord record, DateTimeOffset now) =>
        new()
        {
            SagaId = record.Key,
            Kind = OutboxMessageKind.Record,
            Topic = record.Topic,
            Value = record.Value,
            Headers = JsonSerializer.Serialize(record.Headers),
            CreatedAt = now,
            NextAttemptAt = now,
        };

    /// <summary>A schedule or cancel row; <paramref name="sagaId"/> orders a cancel, which names only its token (a schedule's record carries its saga).</summary>
    public static OutboxMessage ForTimeout(TimeoutRequest request, Guid sagaId, DateTimeOffset now) => request switch
    {
        ScheduleTimeout schedule => new()
        {
            SagaId = schedule.Record.Key,
            Kind = OutboxMessageKind.ScheduleTimeout,
            Topic = schedule.Record.Topic,
            Value = schedule.Record.Value,
            Headers = JsonSerializer.Serialize(schedule.Record.Headers),
            TokenId = schedule.TokenId,
            DueAt = schedule.DueAt,
            CreatedAt = now,
            NextAttemptAt = now,
        },
        CancelTimeout cancel => new()
        {
            SagaId = sagaId,
            Kind = OutboxMessageKind.CancelTimeout,
            TokenId = cancel.TokenId,
            CreatedAt = now,
            NextAttemptAt = now,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "Unknown timeout request."),
    };

    /// <summary>The record this row holds, as the producer takes it.</summary>
    public KafkaRecord ToRecord() =>
        new(Topic ?? throw Corrupt("topic"), SagaId, Value ?? throw Corrupt("value"),
            JsonSerializer.Deserialize<Dictionary<string, string>>(Headers ?? "{}") ?? []);

    /// <summary>The scheduler request this row holds.</summary>
    public TimeoutRequest ToTimeoutRequest() => Kind switch
    {
        OutboxMessageKind.ScheduleTimeout => new ScheduleTimeout(TokenId ?? throw Corrupt("token"), DueAt ?? throw Corrupt("due time"), ToRecord()),
        OutboxMessageKind.CancelTimeout => new CancelTimeout(TokenId ?? throw Corrupt("token")),
        _ => throw new InvalidOperationException($"Outbox row {Id} is a {Kind}, not a timeout request."),
    };

    InvalidOperationException Corrupt(string part) => new($"Outbox row {Id} ({Kind}) has no {part}.");
}
