using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Scheduling.MassTransit;

/// <summary>
/// MassTransit's scheduler SPI for sagas consumed from Kafka. The destination MassTransit passes is the rider endpoint's
/// input address, which no bus can send to (MassTransit #5183), so it is ignored: the message goes to its own topic
/// (<see cref="MessageRoutes.TopicFor"/>), keyed by its saga id. Each call becomes a <see cref="TimeoutRequest"/>.
/// </summary>
internal sealed class KafkaScheduleMessageProvider(TimeoutRequestScope scope, IKafkaProducer producer, TopicOptions topics, ConsumeContext cause)
    : IScheduleMessageProvider
{
    public async Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class
    {
        var tokenId = NewId.NextGuid();
        var headers = await EnvelopeHeaders(message, pipe, tokenId);
        var record = producer.Serialize(MessageRoutes.TopicFor(message.GetType(), topics), MessageKey.Of(message), message, cause, headers);
        var dueAt = ToUtc(scheduledTime);

        await scope.Requests.Submit(new ScheduleTimeout(tokenId, dueAt, record), cancellationToken);
        return new ScheduledMessageHandle<T>(tokenId, dueAt.UtcDateTime, destinationAddress, message);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) =>
        scope.Requests.Submit(new CancelTimeout(tokenId), cancellationToken);

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) =>
        CancelScheduledSend(tokenId, cancellationToken);

    /// <summary>
    /// Headers the schedule's own send pipe sets, plus the token: MassTransit raises a fired timeout only while the
    /// saga still holds the token the envelope carries, which is what turns a stale timeout into a no-op.
    /// </summary>
    static async Task<Dictionary<string, object>> EnvelopeHeaders<T>(T message, IPipe<SendContext<T>> pipe, Guid tokenId)
        where T : class
    {
        var context = new MessageSendContext<T>(message);
        if (pipe.IsNotEmpty())
            await pipe.Send(context);

        var headers = context.Headers.GetAll().ToDictionary(header => header.Key, header => header.Value);
        headers[MessageHeaders.SchedulingTokenId] = tokenId.ToString("D");
        return headers;
    }

    static DateTimeOffset ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
    };
}
