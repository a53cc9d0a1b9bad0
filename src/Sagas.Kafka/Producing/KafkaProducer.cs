using System.Collections.ObjectModel;
using System.Text;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Connection;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Sending;

namespace Sagas.Kafka.Producing;

/// <summary>
/// One idempotent librdkafka producer per process, created on first use and shared by every caller. As a sink it
/// produces each record at once (sends from outside any batch).
/// </summary>
internal sealed class KafkaProducer : IKafkaProducer, IRecordSink, IDisposable
{
    readonly Lazy<IProducer<byte[], byte[]>> _producer;
    readonly TimeSpan _flushTimeout;
    readonly KafkaMetrics _metrics;
    int _disposed;

    public KafkaProducer(KafkaCluster cluster, KafkaMetrics metrics, ILogger<KafkaProducer> logger)
    {
        _metrics = metrics;
        _flushTimeout = cluster.Options.ProduceTimeout;
        _producer = new Lazy<IProducer<byte[], byte[]>>(() => new ProducerBuilder<byte[], byte[]>(cluster.CreateProducerConfig())
            .SetErrorHandler((_, error) => logger.Log(Severity(error), "Kafka producer error {Code}: {Reason}", error.Code, error.Reason))
            .Build());
    }

    /// <summary>The librdkafka handle, for admin clients that share the producer's connections.</summary>
    public Handle Handle => _producer.Value.Handle;

    public Task Produce<T>(string topic, Guid key, T message, ConsumeContext? cause = null, CancellationToken cancellationToken = default)
        where T : class =>
        ProduceBatch([Serialize(topic, key, message, cause)], cancellationToken);

    public KafkaRecord Serialize<T>(string topic, Guid key, T message, ConsumeContext? cause = null, IReadOnlyDictionary<string, object>? headers = null)
        where T : class
    {
        var context = new MessageSendContext<T>(message)
        {
            DestinationAddress = TopicAddress.For(topic),
            Serializer = SystemTextJsonMessageSerializer.Instance,
        };
        if (cause is not null)
            context.TransferConsumeContextHeaders(cause);
        context.CorrelationId = key;
        context.ConversationId ??= NewId.NextGuid();
        foreach (var (name, value) in headers ?? ReadOnlyDictionary<string, object>.Empty)
            context.Headers.Set(name, value);
        return EnvelopeSerializer.Serialize(topic, context);
    }

    public Task Add(KafkaRecord record, CancellationToken cancellationToken) => ProduceBatch([record], cancellationToken);

    public Task ProduceBatch(IReadOnlyList<KafkaRecord> records, CancellationToken cancellationToken = default) =>
        Task.WhenAll(records.Select(record => Send(record.Topic, record.Key,
            new Message<byte[], byte[]> { Key = RecordKey.Encode(record.Key), Value = record.Value, Headers = ToKafkaHeaders(record.Headers) },
            record.Headers, cancellationToken)));

    /// <summary>
    /// Produces bytes as they are; used to dead-letter a record with its original key, value and headers. Its send
    /// span belongs to the current one (the failed receive), not to the record's original trace context.
    /// </summary>
    public Task ProduceRaw(string topic, byte[]? key, byte[]? value, Confluent.Kafka.Headers headers, CancellationToken cancellationToken) =>
        Send(topic, null, new Message<byte[], byte[]> { Key = key!, Value = value!, Headers = headers }, ReadOnlyDictionary<string, string>.Empty,
            cancellationToken);

    async Task Send(string topic, Guid? sagaId, Message<byte[], byte[]> message, IReadOnlyDictionary<string, string> traceHeaders,
        CancellationToken cancellationToken)
    {
        using var send = KafkaTracing.StartSend(topic, sagaId, traceHeaders);
        try
        {
            await _producer.Value.ProduceAsync(topic, message, cancellationToken);
        }
        catch (Exception exception)
        {
            KafkaTracing.Failed(send, exception);
            throw;
        }

        _metrics.Produced(topic);
    }

    public void Dispose()
    {
        if (!_producer.IsValueCreated || Interlocked.Exchange(ref _disposed, 1) == 1)
            return;

        _producer.Value.Flush(_flushTimeout);
        _producer.Value.Dispose();
    }

    /// <summary>Connection failures repeat with every reconnect attempt and librdkafka retries them; only the rest deserve attention.</summary>
    static LogLevel Severity(Error error) => error switch
    {
        { IsFatal: true } => LogLevel.Error,
        { Code: ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown } => LogLevel.Debug,
        _ => LogLevel.Warning,
    };

    static Confluent.Kafka.Headers ToKafkaHeaders(IReadOnlyDictionary<string, string> headers)
    {
        var kafkaHeaders = new Confluent.Kafka.Headers();
        foreach (var (name, value) in headers)
            kafkaHeaders.Add(name, Encoding.UTF8.GetBytes(value));
        return kafkaHeaders;
    }
}
