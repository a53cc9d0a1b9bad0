using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Outbox;

/// <summary>
/// Sends by writing: each message is serialized now (topic by route, key = saga id, <c>cause</c> carried on) and added
/// as an outbox row to the scope's <typeparamref name="TContext"/>. Contract: it never saves. The row commits with
/// whatever else the caller's unit of work commits on that context (the saga repository's single SaveChanges, or the
/// API's), and vanishes with it on rollback; the relay produces it after the commit. Register it scoped, on the same
/// scope as the caller's context.
/// </summary>
public sealed class OutboxMessageDispatcher<TContext>(TContext db, IKafkaProducer producer, IOptions<TopicOptions> topics, TimeProvider time)
    : IMessageDispatcher
    where TContext : DbContext
{
    public Task Dispatch<T>(T message, ConsumeContext? cause, CancellationToken cancellationToken)
        where T : class
    {
        var record = producer.Serialize(MessageRoutes.TopicFor(message.GetType(), topics.Value), MessageKey.Of(message), message, cause);
        db.Set<OutboxMessage>().Add(OutboxMessage.ForRecord(record, time.GetUtcNow()));
        return Task.CompletedTask;
    }
}
