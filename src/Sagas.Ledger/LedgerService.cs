using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sagas.Contracts.Money;
using Sagas.Hosting.Workers;
using Sagas.Messaging;
using Sagas.Outbox;

namespace Sagas.Ledger;

/// <summary>The ledger as the orchestrator's HTTP API, tests and the benchmark see it: accounts, freezing, audits and rebuilds.</summary>
public sealed class LedgerService
{
    readonly LedgerDbContext db;
    readonly TimeProvider clock;
    readonly LedgerEventPublisher events;
    readonly Postings postings;

    public LedgerService(LedgerDbContext db, TimeProvider clock, OutboxSendEndpoints<LedgerDbContext> outbox, IOptions<TopicOptions> topics)
    {
        this.db = db;
        this.clock = clock;
        events = new LedgerEventPublisher(outbox, topics);
        postings = new Postings(db, events, clock);
    }

    /// <summary>Opens a customer account, funding its opening balance from the currency's funding account.</summary>
    public async Task<OpenAccountResult> OpenAccount(string accountId, string currency, decimal openingBalance,
        CancellationToken cancellationToken = default)
    {
        if (ValidateOpening(accountId, currency, openingBalance) is { } error)
            return OpenAccountResult.Invalid(error);

        return await Transactions.Run(db, async token =>
        {
            if (await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, token) is { } existing)
                return OpenAccountResult.AlreadyExists(Snapshot(existing));

            var account = new LedgerAccount { Id = accountId, Currency = currency, OpenedAt = clock.GetUtcNow() };
            db.Accounts.Add(account);
            await db.SaveChangesAsync(token);
            await events.Opened(account, token);
            if (openingBalance > 0)
                await postings.TryPayIn(null, PostingKind.Opening, accountId, SystemAccounts.Funding(currency), openingBalance, currency, evenIfFrozen: true, token);

            return OpenAccountResult.Created(Snapshot(account) with { Balance = openingBalance });
        }, cancellationToken);
    }

    /// <summary>A customer account, or null when there is none with that id.</summary>
    public async Task<AccountSnapshot?> GetAccount(string accountId, CancellationToken cancellationToken = default) =>
        await db.Accounts.AsNoTracking().Where(a => a.Id == accountId && !a.IsSystem)
            .Select(a => new AccountSnapshot(a.Id, a.Currency, a.Balance, a.IsFrozen))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Stops new debits and credits on the account; false when it does not exist.</summary>
    public Task<bool> Freeze(string accountId, CancellationToken cancellationToken = default) => SetFrozen(accountId, true, cancellationToken);

    /// <summary>Lets the account move money again; false when it does not exist.</summary>
    public Task<bool> Unfreeze(string accountId, CancellationToken cancellationToken = default) => SetFrozen(accountId, false, cancellationToken);

    /// <summary>Customer, clearing and funding totals of one currency, read in one statement so they are one snapshot.</summary>
    public async Task<CurrencyTotals> GetTotals(string currency, CancellationToken cancellationToken = default)
    {
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.Currency == currency)
            .Select(a => new { a.Id, a.IsSystem, a.Balance }).ToListAsync(cancellationToken);
        return new CurrencyTotals(currency,
            CustomerBalances: accounts.Where(a => !a.IsSystem).Sum(a => a.Balance),
            InClearing: accounts.Where(a => a.IsSystem && SystemAccounts.IsClearing(a.Id, currency)).Sum(a => a.Balance),
            Funded: -accounts.Where(a => a.Id == SystemAccounts.Funding(currency)).Sum(a => a.Balance));
    }

    /// <summary>
    /// Replays the journal: every currency's entries must sum to zero, every account's balance must equal the sum of
    /// its entries, and no customer account may be overdrawn. Reads in one transaction so concurrent postings cannot
    /// cause a false alarm.
    /// </summary>
    public async Task<JournalAudit> AuditJournal(CancellationToken cancellationToken = default)
    {
        var (balances, entrySums) = await Transactions.Run(db, async token => (
            await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.Currency, a.Balance, a.IsSystem }).ToListAsync(token),
            await db.Journal.AsNoTracking().GroupBy(e => new { e.AccountId, e.Currency })
                .Select(g => new { g.Key.AccountId, g.Key.Currency, Sum = g.Sum(e => e.Amount) }).ToListAsync(token)),
            cancellationToken, SnapshotIsolation());

        var problems = entrySums.GroupBy(e => e.Currency)
            .Where(currency => currency.Sum(e => e.Sum) != 0)
            .Select(currency => $"The {currency.Key} journal sums to {currency.Sum(e => e.Sum)}, not zero.")
            .ToList();
        var sumByAccount = entrySums.ToDictionary(e => e.AccountId, e => e.Sum);
        problems.AddRange(balances
            .Where(a => a.Balance != sumByAccount.GetValueOrDefault(a.Id))
            .Select(a => $"Account '{a.Id}' holds {a.Balance} {a.Currency} but its entries sum to {sumByAccount.GetValueOrDefault(a.Id)}."));
        problems.AddRange(balances.Where(a => !a.IsSystem && a.Balance < 0).Select(a => $"Account '{a.Id}' is overdrawn: {a.Balance} {a.Currency}."));
        return new JournalAudit(problems);
    }

    /// <summary>
    /// Rebuilds every balance from the journal alone (<see cref="JournalReplay"/>) and returns what differed. Meant for
    /// a ledger at rest (the hosts' <c>rebuild-balances</c> verb); beside live postings it fails rather than lose one.
    /// </summary>
    public Task<BalanceRebuild> RebuildBalances(CancellationToken cancellationToken = default) =>
        JournalReplay.RebuildBalances(db, clock, cancellationToken);

    /// <summary>The saga's debit and credit slots, for inspection.</summary>
    public async Task<IReadOnlyList<LedgerOperation>> GetOperations(Guid sagaId, CancellationToken cancellationToken = default) =>
        await db.Operations.AsNoTracking().Where(o => o.SagaId == sagaId).ToListAsync(cancellationToken);

    /// <summary>The journal entries a saga caused, oldest first.</summary>
    public async Task<IReadOnlyList<JournalEntry>> GetJournal(Guid sagaId, CancellationToken cancellationToken = default) =>
        await db.Journal.AsNoTracking().Where(e => e.SagaId == sagaId).OrderBy(e => e.Id).ToListAsync(cancellationToken);

    static string? ValidateOpening(string accountId, string currency, decimal openingBalance) =>
        AccountIds.Validate(accountId)
        ?? (Currencies.MinorUnits(currency) is null ? $"'{currency}' is not an ISO 4217 currency code." : null)
        ?? (openingBalance < 0 ? "The opening balance cannot be negative." : null)
        ?? (openingBalance > 0 ? Currencies.ValidateAmount(openingBalance, currency) : null);

    /// <summary>Changes the account's status and tells the read side, in one transaction; asking for the status it has changes nothing.</summary>
    Task<bool> SetFrozen(string accountId, bool frozen, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            var changed = await db.Accounts.Where(a => a.Id == accountId && !a.IsSystem && a.IsFrozen != frozen)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.IsFrozen, frozen).SetProperty(a => a.StatusVersion, a => a.StatusVersion + 1), token);
            var version = await db.Accounts.Where(a => a.Id == accountId && !a.IsSystem).Select(a => (long?)a.StatusVersion).SingleOrDefaultAsync(token);
            if (changed == 1)
                await events.StatusChanged(accountId, frozen, version!.Value, clock.GetUtcNow(), token);
            return version is not null;
        }, cancellationToken);

    // PostgreSQL's REPEATABLE READ is a snapshot and never fails a reader; elsewhere only SERIALIZABLE keeps a posting
    // committed between the two reads from showing up in one and not the other.
    IsolationLevel SnapshotIsolation() => db.Database.IsNpgsql() ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable;

    static AccountSnapshot Snapshot(LedgerAccount account) => new(account.Id, account.Currency, account.Balance, account.IsFrozen);
}
