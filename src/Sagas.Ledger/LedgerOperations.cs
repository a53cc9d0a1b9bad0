using Microsoft.EntityFrameworkCore;

namespace Sagas.Ledger;

/// <summary>Reads and claims a saga's debit or credit slot inside the caller's transaction.</summary>
static class LedgerOperations
{
    public static Task<LedgerOperation?> Find(LedgerDbContext db, Guid sagaId, LedgerSide side, CancellationToken cancellationToken) =>
        db.Operations.AsNoTracking().SingleOrDefaultAsync(o => o.SagaId == sagaId && o.Side == side, cancellationToken);

    /// <summary>Claims the slot; a concurrent claim of the same slot fails the commit and the work reruns.</summary>
    public static LedgerOperation Add(LedgerDbContext db, TimeProvider clock, Guid sagaId, LedgerSide side, OperationState state,
        string? accountId = null, decimal amount = 0, string? currency = null, string? reason = null)
    {
        var now = clock.GetUtcNow();
        var operation = new LedgerOperation
        {
            SagaId = sagaId, Side = side, State = state, AccountId = accountId, Amount = amount, Currency = currency,
            Reason = reason, CreatedAt = now, UpdatedAt = now,
        };
        db.Operations.Add(operation);
        return operation;
    }

    /// <summary>
    /// Moves the slot from one state to another; false when a concurrent command moved it first, so only one
    /// refund or void ever moves money back.
    /// </summary>
    public static async Task<bool> TryMove(LedgerDbContext db, TimeProvider clock, LedgerOperation slot, OperationState from,
        OperationState to, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Operations
            .Where(o => o.SagaId == slot.SagaId && o.Side == slot.Side && o.State == from)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.State, to).SetProperty(o => o.UpdatedAt, now), cancellationToken) == 1;
    }
}
