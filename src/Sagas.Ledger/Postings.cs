using Microsoft.EntityFrameworkCore;

namespace Sagas.Ledger;

/// <summary>
/// Moves money inside the caller's transaction. Balances change only through conditional UPDATE statements, so
/// concurrent sagas on one account never lose an update or overdraft it, whatever the isolation level; every
/// movement is journalled as two entries that sum to zero.
/// </summary>
sealed class Postings(LedgerDbContext db, TimeProvider clock)
{
    /// <summary>Takes money from a customer account when it exists in the currency, is not frozen (unless allowed) and holds enough.</summary>
    public async Task<bool> TryWithdraw(string accountId, decimal amount, string currency, bool evenIfFrozen, CancellationToken cancellationToken) =>
        await db.Accounts
            .Where(a => a.Id == accountId && !a.IsSystem && a.Currency == currency && (evenIfFrozen || !a.IsFrozen) && a.Balance >= amount)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance - amount), cancellationToken) == 1;

    /// <summary>Puts money into a customer account when it exists in the currency and is not frozen (unless allowed).</summary>
    public async Task<bool> TryDeposit(string accountId, decimal amount, string currency, bool evenIfFrozen, CancellationToken cancellationToken) =>
        await db.Accounts
            .Where(a => a.Id == accountId && !a.IsSystem && a.Currency == currency && (evenIfFrozen || !a.IsFrozen))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance + amount), cancellationToken) == 1;

    /// <summary>
    /// Changes a system account's balance, creating the account the first time its currency is used. Call it last in
    /// the transaction: every ledger transaction of the currency updates this one row, so what the transaction still
    /// has pending is saved first, and the row stays locked only from here to the commit.
    /// </summary>
    public async Task AdjustSystemAccount(string accountId, string currency, decimal delta, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        var updated = await db.Accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance + delta), cancellationToken);
        if (updated == 1)
            return;

        // Two first users of a currency may both insert; the loser's unique violation reruns its transaction.
        db.Accounts.Add(new LedgerAccount
        {
            Id = accountId, Currency = currency, Balance = delta, IsSystem = true, OpenedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Journals a movement of <paramref name="amount"/> from one account to another.</summary>
    public void Journal(Guid? sagaId, PostingKind kind, string fromAccountId, string toAccountId, decimal amount, string currency)
    {
        var postingId = Guid.NewGuid();
        var now = clock.GetUtcNow();
        db.Journal.AddRange(
            new JournalEntry
            {
                PostingId = postingId, SagaId = sagaId, Kind = kind, AccountId = fromAccountId, Amount = -amount,
                Currency = currency, RecordedAt = now,
            },
            new JournalEntry
            {
                PostingId = postingId, SagaId = sagaId, Kind = kind, AccountId = toAccountId, Amount = amount,
                Currency = currency, RecordedAt = now,
            });
    }

    /// <summary>Why money cannot leave or enter a customer account, for a reply the saga can show.</summary>
    public async Task<string> Refusal(string accountId, decimal amount, string currency, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId && !a.IsSystem, cancellationToken);
        return account switch
        {
            null => $"Account '{accountId}' does not exist.",
            { IsFrozen: true } => $"Account '{accountId}' is frozen.",
            _ when account.Currency != currency => $"Account '{accountId}' holds {account.Currency}, not {currency}.",
            _ when account.Balance < amount => $"Insufficient funds in account '{accountId}'.",
            _ => $"Account '{accountId}' changed while the command ran.",
        };
    }
}
