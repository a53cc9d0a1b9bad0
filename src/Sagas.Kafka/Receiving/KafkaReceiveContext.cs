using System.Text;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Transports;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// One Kafka record entering MassTransit's receive pipeline. The value is a MassTransit envelope whose
/// deserializer the pipeline picks from the Content-Type header; the ConsumeResult rides along as a payload
/// (consumers can read topic, partition and offset with <c>context.TryGetPayload&lt;ConsumeResult&lt;byte[], byte[]&gt;&gt;</c>).
/// </summary>
internal sealed class KafkaReceiveContext : BaseReceiveContext
{
    public KafkaReceiveContext(ConsumeResult<byte[], byte[]> record, KafkaTopicEndpointContext endpoint)
        : base(false, endpoint, record)
    {
        Body = new BytesMessageBody(record.Message.Value ?? []);
        HeaderProvider = new DictionaryHeaderProvider(ReadHeaders(record.Message.Headers));
    }

    public override MessageBody Body { get; }

    protected override IHeaderProvider HeaderProvider { get; }

    static Dictionary<string, object> ReadHeaders(Confluent.Kafka.Headers? headers)
    {
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers ?? [])
            values[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes() ?? []);

        // MassTransit continues a trace from its own header; Kafka records carry the W3C one.
        if (values.TryGetValue(KafkaHeaders.TraceParent, out var traceParent))
            values.TryAdd(DiagnosticHeaders.ActivityId, traceParent);
        return values;
    }
}
