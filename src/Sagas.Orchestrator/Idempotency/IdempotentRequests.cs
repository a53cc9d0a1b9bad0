using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Messaging;
using Sagas.Orchestrator.Data;

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
}

/// <summary>
/// Starts sagas for requests carrying an Idempotency-Key, so that one key starts at most one saga, even under
/// concurrent retries. The key and the message that starts the saga commit in one transaction (the orchestrator's
/// dispatcher is its outbox), so an accepted request always has its saga coming, and a crash leaves neither.
/// </summary>
public sealed class IdempotentRequests(OrchestratorDbContext db,
    [FromKeyedServices(MessageDispatchers.Orchestrator)] IMessageDispatcher dispatcher, TimeProvider clock)
{
    /// <summary>
    /// Starts a saga with the message <paramref name="start"/> builds for a new id, or tells which saga an earlier
    /// request with the key started.
    /// </summary>
    public async Task<(IdempotencyOutcome Outcome, Guid SagaId)> Start<TMessage>(string scope, string key, string requestHash,
        Func<Guid, TMessage> start, CancellationToken cancellationToken)
        where TMessage : class
    {
        if (await Find(scope, key, cancellationToken) is { } existing)
            return Compare(existing, requestHash);

        var record = new IdempotencyRecord
        {
            Scope = scope, Key = key, RequestHash = requestHash, ResourceId = Guid.NewGuid(), CreatedAt = clock.GetUtcNow(),
        };
        db.IdempotencyKeys.Add(record);
        await dispatcher.Dispatch(start(record.ResourceId), cause: null, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (IdempotencyOutcome.New, record.ResourceId);
        }
        catch (DbUpdateException)
        {
            // A concurrent request with the same key won the insert (our start message rolled back with our key);
            // answer as its retry would be answered.
            db.ChangeTracker.Clear();
            var winner = await Find(scope, key, cancellationToken) ?? throw new InvalidOperationException(
                $"Idempotency key '{key}' could neither be inserted nor read.");
            return Compare(winner, requestHash);
        }
    }

    /// <summary>Whether a request started a saga with this id (its first transition may not have committed yet).</summary>
    public Task<bool> Accepted(string scope, Guid sagaId, CancellationToken cancellationToken) =>
        db.IdempotencyKeys.AnyAsync(x => x.Scope == scope && x.ResourceId == sagaId, cancellationToken);

    Task<IdempotencyRecord?> Find(string scope, string key, CancellationToken cancellationToken) =>
        db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(x => x.Scope == scope && x.Key == key, cancellationToken);

    static (IdempotencyOutcome, Guid) Compare(IdempotencyRecord record, string requestHash) =>
        (record.RequestHash == requestHash ? IdempotencyOutcome.Replay : IdempotencyOutcome.Mismatch, record.ResourceId);
}
