using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Sagas.Persistence.Inbox;

/// <summary>
/// The saga repository's inbox check, inside the saga's transaction: a message this saga type already processed
/// (a redelivery after a crash, a duplicate the outbox relay produced twice) is skipped; a new one is recorded and
/// commits with the saga row, or rolls back with it and is processed again.
/// </summary>
internal sealed class SagaInbox(DbContext db, string consumer, Guid? messageId, TimeProvider clock)
{
    /// <summary>The inbox of the context, or none when the context does not map <see cref="InboxMessage"/> or the message has no id.</summary>
    public static SagaInbox? For<TSaga>(DbContext db, ConsumeContext context, TimeProvider clock) =>
        db.Model.FindEntityType(typeof(InboxMessage)) is null || context.MessageId is null
            ? null
            : new SagaInbox(db, typeof(TSaga).Name, context.MessageId, clock);

    /// <summary>True when the message was processed before; otherwise records it in the context (not yet saved).</summary>
    public async Task<bool> AlreadyConsumed(CancellationToken cancellationToken)
    {
        var id = messageId!.Value;
        if (await db.Set<InboxMessage>().AsNoTracking().AnyAsync(x => x.Consumer == consumer && x.MessageId == id, cancellationToken))
            return true;
        db.Add(new InboxMessage { Consumer = consumer, MessageId = id, ConsumedAt = clock.GetUtcNow() });
        return false;
    }
}
