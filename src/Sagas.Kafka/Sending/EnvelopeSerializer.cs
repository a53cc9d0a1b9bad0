using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using MassTransit.Transports;
using Sagas.Kafka.Diagnostics;

namespace Sagas.Kafka.Sending;

/// <summary>
/// Writes a message as MassTransit's JSON envelope (so one topic can carry several message types and the receive side
/// picks the consumer by the envelope's message type) and the record headers that go with it, among them the W3C trace
/// context of a "create" span (see <see cref="KafkaTracing"/>). The record key is the message's CorrelationId.
/// </summary>
internal static class EnvelopeSerializer
{
    /// <summary>
    /// Headers that belong to the record, never inside an envelope: a handler's sends carry over its consume context's
    /// headers, and the record headers of the message being consumed would otherwise ride along in every envelope after it.
    /// </summary>
    static readonly string[] RecordHeaders =
    [
        KafkaHeaders.MessageId, KafkaHeaders.CorrelationId, KafkaHeaders.ConversationId, KafkaHeaders.ContentType,
        KafkaHeaders.TraceParent, KafkaHeaders.TraceState,
    ];

    /// <summary>A send context for <paramref name="message"/> to <paramref name="topic"/>, shaped by <paramref name="pipe"/> (a consume context's, a scheduler's).</summary>
    public static async Task<MessageSendContext<T>> CreateContext<T>(string topic, T message, IPipe<SendContext<T>>? pipe, Uri? sourceAddress,
        CancellationToken cancellationToken)
        where T : class
    {
        var context = new MessageSendContext<T>(message, cancellationToken)
        {
            DestinationAddress = TopicAddress.For(topic),
            SourceAddress = sourceAddress,
            Serializer = SystemTextJsonMessageSerializer.Instance,
        };
        // As MassTransit's own send endpoints do: a consume context's send pipe (its sends, RespondAsync) carries the
        // conversation, initiator and headers over through ISendContextPipe; its typed Send leaves them out.
        if (pipe is ISendContextPipe sendContextPipe)
            await sendContextPipe.Send(context);
        if (pipe is not null && pipe.IsNotEmpty())
            await pipe.Send(context);
        context.CorrelationId ??= RecordKey.Of(message);
        context.ConversationId ??= NewId.NextGuid();
        return context;
    }

    public static async Task<KafkaRecord> Serialize<T>(string topic, T message, IPipe<SendContext<T>>? pipe, Uri? sourceAddress,
        CancellationToken cancellationToken)
        where T : class =>
        Serialize(topic, await CreateContext(topic, message, pipe, sourceAddress, cancellationToken));

    public static KafkaRecord Serialize<T>(string topic, MessageSendContext<T> context)
        where T : class
    {
        var key = context.CorrelationId ?? RecordKey.Of(context.Message);
        foreach (var header in RecordHeaders)
            context.Headers.Set(header, null);

        var messageType = string.Join(";", context.SupportedMessageTypes);
        using var create = KafkaTracing.StartCreate(topic, key, context.MessageId!.Value, messageType);
        var value = context.Body.GetBytes();
        var headers = new Dictionary<string, string>
        {
            [KafkaHeaders.MessageId] = context.MessageId.Value.ToString(),
            [KafkaHeaders.CorrelationId] = key.ToString(),
            [KafkaHeaders.ConversationId] = context.ConversationId!.Value.ToString(),
            [KafkaHeaders.MessageType] = messageType,
            [KafkaHeaders.ContentType] = context.ContentType.MediaType,
        };

        // Captured now, not when the record is produced: an outbox produces it later, outside this trace.
        if ((create ?? Activity.Current) is { } activity)
            KafkaTracing.Inject(activity, headers);

        return new KafkaRecord(topic, key, value, headers);
    }
}
