using MassTransit;

namespace Sagas.Kafka;

/// <summary>Header names of the records this library produces; see README.md in this project.</summary>
public static class KafkaHeaders
{
    public const string MessageId = MessageHeaders.MessageId;
    public const string CorrelationId = MessageHeaders.CorrelationId;
    public const string ConversationId = MessageHeaders.ConversationId;
    public const string MessageType = MessageHeaders.MessageType;
    public const string ContentType = MessageHeaders.ContentType;
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Why the record was dead-lettered: <c>fault</c> (failed every attempt or could not be read) or <c>skipped</c> (no consumer for its type).</summary>
    public const string DeadLetterReason = "dlq-reason";
    public const string DeadLetterExceptionType = "dlq-exception-type";
    public const string DeadLetterExceptionMessage = "dlq-exception-message";
    public const string DeadLetterSourceTopic = "dlq-source-topic";
    public const string DeadLetterSourcePartition = "dlq-source-partition";
    public const string DeadLetterSourceOffset = "dlq-source-offset";
    public const string DeadLetterConsumerGroup = "dlq-consumer-group";
    public const string DeadLetterAttempts = "dlq-attempts";
}
