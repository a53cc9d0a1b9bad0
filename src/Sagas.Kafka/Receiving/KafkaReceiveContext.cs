using System.Text;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Transports;
using Sagas.Kafka.Sending;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// One Kafka record entering MassTransit's receive pipeline. The value is a MassTransit envelope whose deserializer the
/// pipeline picks from the Content-Type header; the ConsumeResult rides along as a payload (consumers can read topic,
/// partition and offset with <c>context.TryGetPayload&lt;ConsumeResult&lt;byte[], byte[]&gt;&gt;</c>). What the handlers send to
/// a <c>topic:</c> address goes to <paramref name="sends"/>, with this endpoint's topic as the source, so replies come back here.
/// </summary>
internal sealed class KafkaReceiveContext(ConsumeResult<byte[], byte[]> record, KafkaTopicEndpointContext endpoint, IRecordSink sends,
    params object[] payloads)
    : BaseReceiveContext(false, endpoint, [record, .. payloads])
{
    readonly TopicSendEndpointProvider _sendEndpoints = new(endpoint.InputAddress, sends, endpoint.BusSendEndpoints);

    public override MessageBody Body { get; } = new BytesMessageBody(record.Message.Value ?? []);

    protected override IHeaderProvider HeaderProvider { get; } = new DictionaryHeaderProvider(ReadHeaders(record.Message.Headers));

    protected override ISendEndpointProvider GetSendEndpointProvider() => _sendEndpoints;

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
