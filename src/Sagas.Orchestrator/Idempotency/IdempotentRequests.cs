using Microsoft.EntityFrameworkCore;
using Sagas.Orchestrator.Data;

namespace Sagas.Orchestrator.Idempotency;

/// <summary>What a request with an Idempotency-Key turned out to be.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is new: the caller creates the resource.</summary>
    New,

    /// <summary>The same request was made before: the caller returns the resource it created then.</summary>
    Replay,

    /// <summary>The key was used for a different request: refused.</summary>
    Mismatch,
}

/// <summary>Claims Idempotency-Keys so that one key creates at most one transfer or order, even under concurrent retries.</summary>
public sealed class IdempotentRequests(OrchestratorDbContext db, TimeProvider clock)
{
    /// <summary>Claims the key for a new resource, or tells what an earlier request with the key created.</summary>
    public async Task<(IdempotencyOutcome Outcome, Guid ResourceId)> Claim(string scope, string key, string requestHash,
        CancellationToken cancellationToken)
    {
        if (await Find(scope, key, cancellationToken) is { } existing)
            return Compare(existing, requestHash);

        var record = new IdempotencyRecord
        {
            Scope = scope, Key = key, RequestHash = requestHash, ResourceId = Guid.NewGuid(), CreatedAt = clock.GetUtcNow(),
        };
        db.IdempotencyKeys.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (IdempotencyOutcome.New, record.ResourceId);
        }
        catch (DbUpdateException)
        {
            // A concurrent request with the same key won the insert; answer as its retry would be answered.
            db.Entry(record).State = EntityState.Detached;
            var winner = await Find(scope, key, cancellationToken) ?? throw new InvalidOperationException(
                $"Idempotency key '{key}' could neither be inserted nor read.");
            return Compare(winner, requestHash);
        }
    }

    Task<IdempotencyRecord?> Find(string scope, string key, CancellationToken cancellationToken) =>
        db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(x => x.Scope == scope && x.Key == key, cancellationToken);

    static (IdempotencyOutcome, Guid) Compare(IdempotencyRecord record, string requestHash) =>
        (record.RequestHash == requestHash ? IdempotencyOutcome.Replay : IdempotencyOutcome.Mismatch, record.ResourceId);
}
