using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sagas.Kafka;
using Sagas.Outbox.Delivery;

namespace Sagas.Outbox.Sending;

/// <summary>
/// Writes the outbox rows of one service scope into its <typeparamref name="TContext"/>. It never saves: a row commits
/// with whatever the caller's unit of work commits on that context, and vanishes with it on rollback. A record sent now
/// is claimed by this process, which produces it right after the commit (<see cref="OutboxPublisher{TContext}"/>); a
/// scheduled one waits for the sweep. Registered scoped.
/// </summary>
public sealed class OutboxWriter<TContext>(TContext db, OutboxPublisher<TContext> publisher, OutboxMetrics metrics, TimeProvider time) : IRecordSink
    where TContext : DbContext
{
    /// <summary>The cancel statement per model, built once: it is a step of nearly every saga transition.</summary>
    static readonly ConcurrentDictionary<IModel, string> DeleteByToken = new();

    /// <summary>Rows scheduled in this scope and not saved yet, which a cancel must find in memory.</summary>
    readonly Dictionary<Guid, OutboxMessage> _unsavedSchedules = [];

    public Task Add(KafkaRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = OutboxMessage.SendNow(record, publisher.Owner, now, now + publisher.Lease);
        db.Set<OutboxMessage>().Add(row);
        publisher.Written(db, row, record);
        metrics.Written(typeof(TContext).Name);
        return Task.CompletedTask;
    }

    public void Schedule(KafkaRecord record, Guid tokenId, DateTimeOffset dueAt)
    {
        var row = OutboxMessage.Schedule(record, tokenId, dueAt, time.GetUtcNow());
        db.Set<OutboxMessage>().Add(row);
        _unsavedSchedules[tokenId] = row;
        metrics.Written(typeof(TContext).Name);
    }

    /// <summary>Removes a scheduled row in the caller's transaction; one that already fired, or never was, is fine.</summary>
    public async Task Cancel(Guid tokenId, CancellationToken cancellationToken)
    {
        if (_unsavedSchedules.Remove(tokenId, out var row) && db.Entry(row).State == EntityState.Added)
        {
            db.Entry(row).State = EntityState.Detached;
            return;
        }

        await db.Database.ExecuteSqlRawAsync(DeleteByToken.GetOrAdd(db.Model, _ => DeleteByTokenStatement(db)), [tokenId], cancellationToken);
    }

    static string DeleteByTokenStatement(DbContext context)
    {
        var entity = context.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new InvalidOperationException($"{context.GetType().Name} has no outbox: call modelBuilder.AddOutbox() in OnModelCreating.");
        var sql = context.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var token = sql.DelimitIdentifier(entity.FindProperty(nameof(OutboxMessage.TokenId))!.GetColumnName());
        return $"DELETE FROM {table} WHERE {token} = {{0}}";
    }
}
