using System.Collections.ObjectModel;
using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using Sagas.Kafka.Diagnostics;

namespace Sagas.Kafka.Producing;

/// <summary>
/// Writes a message as MassTransit's JSON envelope (so one topic can carry several message types and the
/// receive side picks the consumer by the envelope's message type) and the record headers that go with it,
/// among them the W3C trace context of a "create" span (see <see cref="KafkaTracing"/>).
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

        var messageType = string.Join(";", MessageTypeCache<T>.MessageTypeNames);
        using var create = KafkaTracing.StartCreate(topic, key, context.MessageId.Value, messageType);
        var value = SystemTextJsonMessageSerializer.Instance.GetMessageBody(context).GetBytes();
        var headers = new Dictionary<string, string>
        {
            [KafkaHeaders.MessageId] = context.MessageId.Value.ToString(),
            [KafkaHeaders.CorrelationId] = key.ToString(),
            [KafkaHeaders.ConversationId] = context.ConversationId.Value.ToString(),
            [KafkaHeaders.MessageType] = messageType,
            [KafkaHeaders.ContentType] = SystemTextJsonMessageSerializer.JsonContentType.MediaType,
        };

        // Captured now, not when the record is produced: an outbox produces it later, outside this trace.
        if ((create ?? Activity.Current) is { } activity)
            KafkaTracing.Inject(activity, headers);

        return new KafkaRecord(topic, key, value, headers);
    }
}
