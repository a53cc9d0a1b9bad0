using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sagas.Persistence.Inbox;

/// <summary>
/// The saga repository's inbox, inside the saga's transaction: a message this saga type already processed (a
/// redelivery after a crash, a duplicate the outbox relay produced twice) is skipped; a new one is recorded, and the
/// record commits with the saga row or rolls back with it, so the message is then processed again.
/// </summary>
internal sealed class SagaInbox(DbContext db, string insertUnlessRecorded, string consumer, Guid messageId, TimeProvider clock)
{
    /// <summary>The inbox of the context, or none when the context does not map <see cref="InboxMessage"/> or the message has no id.</summary>
    public static SagaInbox? For<TSaga>(DbContext db, ConsumeContext context, TimeProvider clock) =>
        db.Model.FindEntityType(typeof(InboxMessage)) is null || context.MessageId is not { } messageId
            ? null
            : new SagaInbox(db, Statements.GetOrAdd(db.Model, _ => InsertUnlessRecorded(db)), ConsumerOf<TSaga>(), messageId, clock);

    /// <summary>The insert statement per model, built once: it depends only on the table and the provider.</summary>
    static readonly ConcurrentDictionary<IModel, string> Statements = new();

    /// <summary>Whose inbox entries a saga type's are.</summary>
    public static string ConsumerOf<TSaga>() => typeof(TSaga).Name;

    /// <summary>Records the message as consumed with the context's next save, in the transaction that saves its effects.</summary>
    public void Record() => db.Set<InboxMessage>().Add(new InboxMessage { Consumer = consumer, MessageId = messageId, ConsumedAt = clock.GetUtcNow() });

    /// <summary>
    /// True when the message was processed before; otherwise records it now, in the open transaction. One statement
    /// does both: an insert that does nothing when the id is already there (on PostgreSQL a concurrent insert of the same
    /// id waits for the other transaction and then finds the row, or inserts it if that transaction rolled back).
    /// </summary>
    public async Task<bool> AlreadyConsumed(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(insertUnlessRecorded,
            [consumer, messageId, clock.GetUtcNow().ToUnixTimeMilliseconds()], cancellationToken) == 0;

    /// <summary>Parameters: {0} consumer, {1} message id, {2} consumed at (Unix milliseconds, as the model stores it).</summary>
    static string InsertUnlessRecorded(DbContext db)
    {
        var inbox = db.Model.FindEntityType(typeof(InboxMessage))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no inbox: call modelBuilder.AddInbox() in OnModelCreating.");
        var table = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(inbox.GetTableName()!, inbox.GetSchema());
        return DatabaseProviders.ProviderOf(db.Database) == DatabaseProvider.SqlServer
            ? $$"""
              INSERT INTO {{table}} ([Consumer], [MessageId], [ConsumedAt]) SELECT {0}, {1}, {2}
              WHERE NOT EXISTS (SELECT 1 FROM {{table}} WITH (UPDLOCK, HOLDLOCK) WHERE [Consumer] = {0} AND [MessageId] = {1})
              """
            : $$"""INSERT INTO {{table}} ("Consumer", "MessageId", "ConsumedAt") VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING""";
    }
}
