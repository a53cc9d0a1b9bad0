using System.Collections.ObjectModel;
using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace Sagas.Kafka.Producing;

/// <summary>
/// Writes a message as MassTransit's JSON envelope (so one topic can carry several message types and the
/// receive side picks the consumer by the envelope's message type) and the record headers that go with it.
/// </summary>
internal static class EnvelopeSerializer
{
    public static KafkaRecord Serialize<T>(string topic, Guid key, T message, ConsumeContext? cause, IReadOnlyDictionary<string, object>? envelopeHeaders = null)
        where T : class
    {
        var context = new MessageSendContext<T>(message)
        {
            MessageId = NewId.NextGuid(),
            CorrelationId = key,
            ConversationId = cause?.ConversationId ?? NewId.NextGuid(),
            InitiatorId = cause?.MessageId,
            DestinationAddress = new Uri($"topic:{topic}"),
            SourceAddress = cause?.ReceiveContext.InputAddress,
            ContentType = SystemTextJsonMessageSerializer.JsonContentType,
        };
        foreach (var (name, headerValue) in envelopeHeaders ?? ReadOnlyDictionary<string, object>.Empty)
            context.Headers.Set(name, headerValue);

        var value = SystemTextJsonMessageSerializer.Instance.GetMessageBody(context).GetBytes();
        var headers = new Dictionary<string, string>
        {
            [KafkaHeaders.MessageId] = context.MessageId.Value.ToString(),
            [KafkaHeaders.CorrelationId] = key.ToString(),
            [KafkaHeaders.ConversationId] = context.ConversationId.Value.ToString(),
            [KafkaHeaders.MessageType] = string.Join(";", MessageTypeCache<T>.MessageTypeNames),
            [KafkaHeaders.ContentType] = SystemTextJsonMessageSerializer.JsonContentType.MediaType,
        };
        AddTraceContext(headers);

        return new KafkaRecord(topic, key, value, headers);
    }

    static void AddTraceContext(Dictionary<string, string> headers)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } activity)
            return;

        headers[KafkaHeaders.TraceParent] = activity.Id!;
        if (!string.IsNullOrEmpty(activity.TraceStateString))
            headers[KafkaHeaders.TraceState] = activity.TraceStateString;
    }
}
