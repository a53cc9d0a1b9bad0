using MassTransit;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Sagas.Kafka;

namespace Sagas.Outbox.Sending;

/// <summary>
/// MassTransit's scheduler SPI on the outbox: a scheduled message is an outbox row due at its time, written in the
/// caller's transaction, which the sweep produces once it is due; cancelling deletes the row in the same transaction.
/// So arming and disarming a step's timeout costs no transaction and no lock of its own. MassTransit raises a fired
/// timeout only while the saga still holds the token the envelope carries, which makes a late one a no-op.
/// </summary>
internal sealed class OutboxScheduleMessageProvider<TContext>(OutboxWriter<TContext> outbox, Uri? sourceAddress) : IScheduleMessageProvider
    where TContext : DbContext
{
    public async Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe,
        CancellationToken cancellationToken)
        where T : class
    {
        var tokenId = NewId.NextGuid();
        var withToken = Pipe.ExecuteAsync<SendContext<T>>(async context =>
        {
            if (pipe.IsNotEmpty())
                await pipe.Send(context);
            context.Headers.Set(MessageHeaders.SchedulingTokenId, tokenId.ToString("D"));
        });
        var record = await KafkaRecords.Serialize(TopicAddress.TopicOf(destinationAddress), message, withToken, sourceAddress, cancellationToken);
        var dueAt = ToUtc(scheduledTime);
        outbox.Schedule(record, tokenId, dueAt);
        return new ScheduledMessageHandle<T>(tokenId, dueAt.UtcDateTime, destinationAddress, message);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => outbox.Cancel(tokenId, cancellationToken);

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) =>
        outbox.Cancel(tokenId, cancellationToken);

    static DateTimeOffset ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
    };
}
