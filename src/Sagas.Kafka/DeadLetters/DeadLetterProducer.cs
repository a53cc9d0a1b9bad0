using System.Text;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Producing;

namespace Sagas.Kafka.DeadLetters;

/// <summary>
/// Moves a record to <c>&lt;topic&gt;.dlq</c> with its original key, value and headers plus the <c>dlq-*</c>
/// headers of <see cref="KafkaHeaders"/>. If producing fails the exception propagates: the record then stays
/// uncommitted and is tried again rather than dropped.
/// </summary>
internal sealed class DeadLetterProducer(KafkaProducer producer, KafkaMetrics metrics, string deadLetterTopic, string groupId,
    ILogger<DeadLetterProducer> logger)
{
    public async Task Send(ReceiveContext context, string reason, Exception? exception, int attempts)
    {
        var record = context.GetPayload<ConsumeResult<byte[], byte[]>>();
        var headers = new Confluent.Kafka.Headers();
        foreach (var header in record.Message.Headers ?? [])
            headers.Add(header.Key, header.GetValueBytes());

        Add(headers, KafkaHeaders.DeadLetterReason, reason);
        Add(headers, KafkaHeaders.DeadLetterSourceTopic, record.Topic);
        Add(headers, KafkaHeaders.DeadLetterSourcePartition, record.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(headers, KafkaHeaders.DeadLetterSourceOffset, record.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(headers, KafkaHeaders.DeadLetterConsumerGroup, groupId);
        Add(headers, KafkaHeaders.DeadLetterAttempts, attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (exception is not null)
        {
            Add(headers, KafkaHeaders.DeadLetterExceptionType, exception.GetType().FullName ?? exception.GetType().Name);
            Add(headers, KafkaHeaders.DeadLetterExceptionMessage, exception.Message);
        }

        logger.LogError(exception, "Record {Offset} (key {Key}) goes to {DeadLetterTopic} after {Attempts} attempt(s): {Reason}",
            record.TopicPartitionOffset, RecordKey.Describe(record.Message.Key), deadLetterTopic, attempts, reason);

        await producer.ProduceRaw(deadLetterTopic, record.Message.Key, record.Message.Value, headers, CancellationToken.None);
        metrics.DeadLettered(record.Topic, groupId, reason);
    }

    static void Add(Confluent.Kafka.Headers headers, string name, string value) => headers.Add(name, Encoding.UTF8.GetBytes(value));
}
