using Microsoft.EntityFrameworkCore;

namespace Sagas.Ledger;

/// <summary>
/// Moves money inside the caller's transaction, and is the only code that changes a balance: each movement appends a
/// posting to the journal (two entries that sum to zero), updates both balances (the journal's projection) and writes
/// the posting's event, all in that transaction. Customer balances change only through conditional UPDATE statements, so
/// concurrent sagas on one account never lose an update or overdraft it, whatever the isolation level.
/// </summary>
sealed class Postings(LedgerDbContext db, LedgerEventPublisher events, TimeProvider clock)
{
    /// <summary>
    /// Moves money from a customer account to a system account when the customer account exists in the currency, is not
    /// frozen (unless allowed) and holds enough; false, with nothing changed, otherwise.
    /// </summary>
    public async Task<bool> TryPayOut(Guid? sagaId, PostingKind kind, string accountId, string systemAccountId, decimal amount, string currency,
        bool evenIfFrozen, CancellationToken cancellationToken)
    {
        var withdrawn = await db.Accounts
            .Where(a => a.Id == accountId && !a.IsSystem && a.Currency == currency && (evenIfFrozen || !a.IsFrozen) && a.Balance >= amount)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance - amount), cancellationToken) == 1;
        if (withdrawn)
            await Post(sagaId, kind, accountId, systemAccountId, -amount, currency, cancellationToken);
        return withdrawn;
    }

    /// <summary>
    /// Moves money from a system account to a customer account when the customer account exists in the currency and is
    /// not frozen (unless allowed); false, with nothing changed, otherwise.
    /// </summary>
    public async Task<bool> TryPayIn(Guid? sagaId, PostingKind kind, string accountId, string systemAccountId, decimal amount, string currency,
        bool evenIfFrozen, CancellationToken cancellationToken)
    {
        var deposited = await db.Accounts
            .Where(a => a.Id == accountId && !a.IsSystem && a.Currency == currency && (evenIfFrozen || !a.IsFrozen))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance + amount), cancellationToken) == 1;
        if (deposited)
            await Post(sagaId, kind, accountId, systemAccountId, amount, currency, cancellationToken);
        return deposited;
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

    /// <summary>
    /// Journals the posting whose customer side already moved by <paramref name="amount"/> (signed), writes its event, and
    /// moves the system side last. The entries are saved first, so the event can carry their journal sequences; while
    /// this account's row is locked, so per account the sequence grows in commit order.
    /// </summary>
    async Task Post(Guid? sagaId, PostingKind kind, string accountId, string systemAccountId, decimal amount, string currency,
        CancellationToken cancellationToken)
    {
        var postingId = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var account = new JournalEntry
        {
            PostingId = postingId, SagaId = sagaId, Kind = kind, AccountId = accountId, Amount = amount, Currency = currency, RecordedAt = now,
        };
        var counter = new JournalEntry
        {
            PostingId = postingId, SagaId = sagaId, Kind = kind, AccountId = systemAccountId, Amount = -amount, Currency = currency, RecordedAt = now,
        };
        db.Journal.AddRange(account, counter);
        await db.SaveChangesAsync(cancellationToken);
        await events.Posted(account, counter, cancellationToken);
        await AdjustSystemAccount(systemAccountId, currency, -amount, cancellationToken);
    }

    /// <summary>
    /// Changes a system account's balance, creating the account the first time its currency is used. Called last in the
    /// transaction: every ledger transaction of the currency updates this one row, so what the transaction still has
    /// pending is saved first, and the row stays locked only from here to the commit.
    /// </summary>
    async Task AdjustSystemAccount(string accountId, string currency, decimal delta, CancellationToken cancellationToken)
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
}
