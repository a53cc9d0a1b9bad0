using System.Text;
using Sagas.Kafka;
using Sagas.Orchestrator.DeadLetters;

namespace Sagas.Orchestrator.Api;

/// <summary>A dead-letter topic, the topic its records came from, and how many records it holds.</summary>
public record DeadLetterTopicView(string Topic, string OriginalTopic, long Records, IReadOnlyList<DeadLetterPartition> Partitions)
{
    public static DeadLetterTopicView Of(DeadLetterTopic topic) => new(topic.Topic, topic.OriginalTopic, topic.Records, topic.Partitions);
}

/// <summary>What an operator decided about a dead-letter record.</summary>
public record DeadLetterSettlementView(string Action, string Operator, string? Reason, DateTimeOffset At);

/// <summary>
/// A dead-letter record in a listing: where it sits, where it came from, why it failed (the rider's <c>dlq-*</c> headers),
/// and its status: <c>pending</c>, <c>redriven</c> or <c>discarded</c>.
/// </summary>
public record DeadLetterSummary(string Topic, int Partition, long Offset, DateTimeOffset Timestamp, string? Key, string OriginalTopic,
    int? OriginalPartition, long? OriginalOffset, string? Reason, string? ExceptionType, string? ExceptionMessage, string? ConsumerGroup,
    int? Attempts, string Status, DeadLetterSettlementView? Settlement)
{
    public static DeadLetterSummary Of(DeadLetterRecord record, DeadLetterSettlement? settlement) => new(record.Topic, record.Partition,
        record.Offset, record.Timestamp, record.Key is null ? null : RecordKey.Describe(record.Key), record.OriginalTopic,
        int.TryParse(record.Header(KafkaHeaders.DeadLetterSourcePartition), out var partition) ? partition : null,
        long.TryParse(record.Header(KafkaHeaders.DeadLetterSourceOffset), out var offset) ? offset : null,
        record.Header(KafkaHeaders.DeadLetterReason), record.Header(KafkaHeaders.DeadLetterExceptionType),
        record.Header(KafkaHeaders.DeadLetterExceptionMessage), record.Header(KafkaHeaders.DeadLetterConsumerGroup),
        int.TryParse(record.Header(KafkaHeaders.DeadLetterAttempts), out var attempts) ? attempts : null,
        StatusOf(settlement), settlement is null ? null
            : new DeadLetterSettlementView(StatusOf(settlement), settlement.Operator, settlement.Reason, settlement.SettledAt));

    static string StatusOf(DeadLetterSettlement? settlement) => settlement?.Action switch
    {
        null => "pending",
        DeadLetterAction.Redrive => "redriven",
        _ => "discarded",
    };
}

/// <summary>A page of dead-letter records in partition and offset order; <see cref="Next"/> is where the next page starts (null at the end).</summary>
public record DeadLetterList(IReadOnlyList<DeadLetterSummary> Items, DeadLetterPosition? Next);

/// <summary>
/// One dead-letter record in full: its headers as text, and its value as text when it is UTF-8 (a MassTransit
/// envelope), else as base64 in <see cref="ValueBase64"/>.
/// </summary>
public record DeadLetterDetail(DeadLetterSummary Record, IReadOnlyDictionary<string, string> Headers, string? Value, string? ValueBase64)
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static DeadLetterDetail Of(DeadLetterRecord record, DeadLetterSettlement? settlement) =>
        new(DeadLetterSummary.Of(record, settlement), record.TextHeaders(), TextOf(record.Value), TextOf(record.Value) is null && record.Value is not null
            ? Convert.ToBase64String(record.Value) : null);

    static string? TextOf(byte[]? value)
    {
        if (value is null)
            return null;
        try
        {
            return StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <summary>Why an operator redrives or discards; required to discard.</summary>
public record DeadLetterActionRequest(string? Reason);

/// <summary>A redrive of chosen records, or of every pending one (<see cref="All"/>) from <see cref="From"/> on, a bounded number per call.</summary>
public record DeadLetterRedriveRequest(IReadOnlyList<DeadLetterPosition>? Records, bool All, DeadLetterPosition? From, string? Reason);

/// <summary>What an action on one record came to (see <see cref="DeadLetterOutcome"/>).</summary>
public record DeadLetterActionResult(string Topic, int Partition, long Offset, string Outcome);

/// <summary>The outcome per record of a redrive of several; <see cref="Next"/> is where a redrive of all goes on (null when it is done).</summary>
public record DeadLetterRedriveResult(IReadOnlyList<DeadLetterActionResult> Results, DeadLetterPosition? Next);

/// <summary>One audited action.</summary>
public record DeadLetterAuditView(DateTimeOffset At, string Operator, string Action, string Topic, int Partition, long Offset, string? Reason, string Outcome)
{
    public static DeadLetterAuditView Of(DeadLetterAuditEntry entry) => new(entry.At, entry.Operator, entry.Action.ToString(), entry.Topic,
        entry.Partition, entry.Offset, entry.Reason, entry.Outcome.ToString());
}
