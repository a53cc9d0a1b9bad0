using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.Sagas;
using Sagas.Persistence;

namespace Sagas.Orchestrator.Idempotency;

/// <summary>What a request with an Idempotency-Key turned out to be.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is new: the request started a new saga.</summary>
    New,

    /// <summary>The same request was made before: the caller returns the saga it started then.</summary>
    Replay,

    /// <summary>The key was used for a different request: refused.</summary>
    Mismatch,

    /// <summary>A request with the key is still being processed; the caller may retry shortly.</summary>
    InProgress,
}

/// <summary>What became of a request with an Idempotency-Key: the saga it started (or an earlier one did), and that saga's state.</summary>
public sealed record IdempotentStart(IdempotencyOutcome Outcome, Guid SagaId, string? State);

/// <summary>
/// Starts sagas for requests carrying an Idempotency-Key, so that one key starts at most one saga, even under
/// concurrent retries. The saga's first transition runs in the request, in the transaction that stores the key: the
/// start message goes through the saga endpoint's own pipeline here (<see cref="ITopicReceiver"/>), so the saga row,
/// its first command and its step timeout (outbox rows) commit with the key, or none of them does. A read right after
/// the answer finds the saga.
/// </summary>
public sealed class IdempotentRequests(OrchestratorDbContext db, ITopicReceiver receiver, IServiceProvider services,
    IOptions<PersistenceOptions> persistence, TimeProvider clock)
{
    /// <summary>
    /// Starts a saga with the message <paramref name="start"/> builds for a new id, received on the saga type's
    /// <paramref name="topic"/>, or tells which saga an earlier request with the key started.
    /// </summary>
    public async Task<IdempotentStart> Start<TSaga, TMessage>(string scope, string key, string requestHash, string topic, Func<Guid, TMessage> start,
        CancellationToken cancellationToken)
        where TSaga : class, ITrackedSaga
        where TMessage : class
    {
        if (await Find(scope, key, cancellationToken) is { } existing)
            return await Compare<TSaga>(existing, requestHash, cancellationToken);

        var record = new IdempotencyRecord
        {
            Scope = scope, Key = key, RequestHash = requestHash, ResourceId = Guid.NewGuid(), CreatedAt = clock.GetUtcNow(),
        };
        try
        {
            await using var transaction = await DatabaseTransactions.Begin(db, persistence.Value.LockTimeout, cancellationToken);
            db.IdempotencyKeys.Add(record);
            await receiver.Receive(topic, start(record.ResourceId), services, cancellationToken);
            var state = db.Set<TSaga>().Local.FindEntry(record.ResourceId)?.Entity.CurrentState;
            await db.Database.WithoutAutoSavepoints(() => db.SaveChangesAsync(cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new IdempotentStart(IdempotencyOutcome.New, record.ResourceId, state);
        }
        catch (DbUpdateException)
        {
            // A concurrent request with the same key won the insert (our saga rolled back with our key); answer as its
            // retry would be answered. If its transaction has not committed yet (we gave up waiting for its lock), there is
            // nothing to read: the caller is told to come back.
            db.ChangeTracker.Clear();
            return await Find(scope, key, cancellationToken) is { } winner
                ? await Compare<TSaga>(winner, requestHash, cancellationToken)
                : new IdempotentStart(IdempotencyOutcome.InProgress, Guid.Empty, null);
        }
    }

    Task<IdempotencyRecord?> Find(string scope, string key, CancellationToken cancellationToken) =>
        db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(x => x.Scope == scope && x.Key == key, cancellationToken);

    async Task<IdempotentStart> Compare<TSaga>(IdempotencyRecord record, string requestHash, CancellationToken cancellationToken)
        where TSaga : class, ITrackedSaga
    {
        if (record.RequestHash != requestHash)
            return new IdempotentStart(IdempotencyOutcome.Mismatch, record.ResourceId, null);
        var state = await db.Set<TSaga>().AsNoTracking().Where(saga => saga.CorrelationId == record.ResourceId).Select(saga => saga.CurrentState)
            .SingleOrDefaultAsync(cancellationToken);
        return new IdempotentStart(IdempotencyOutcome.Replay, record.ResourceId, state);
    }
}
