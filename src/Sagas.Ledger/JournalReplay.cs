using System.Data;
using Microsoft.EntityFrameworkCore;
using Sagas.Hosting.Workers;

namespace Sagas.Ledger;

/// <summary>
/// Rebuilds the balances, the journal's projection, from the journal alone: each account's balance becomes the sum of
/// its entries. One serializable transaction: a posting committing meanwhile makes the rebuild fail (run it again)
/// rather than be overwritten.
/// </summary>
static class JournalReplay
{
    public static Task<BalanceRebuild> RebuildBalances(LedgerDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        Transactions.Run(db, async token =>
        {
            var sums = await db.Journal.AsNoTracking().GroupBy(e => new { e.AccountId, e.Currency })
                .Select(g => new { g.Key.AccountId, g.Key.Currency, Sum = g.Sum(e => e.Amount) }).ToListAsync(token);
            var accounts = await db.Accounts.AsNoTracking().Select(a => new { a.Id, a.Currency, a.Balance }).ToListAsync(token);
            var sumByAccount = sums.ToDictionary(s => s.AccountId, s => s.Sum);

            var corrected = new List<BalanceCorrection>();
            foreach (var account in accounts.Where(a => a.Balance != sumByAccount.GetValueOrDefault(a.Id)))
            {
                var balance = sumByAccount.GetValueOrDefault(account.Id);
                await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, balance), token);
                corrected.Add(new BalanceCorrection(account.Id, account.Currency, account.Balance, balance));
            }

            // A system account is only a name the journal uses, so a lost row comes back; a customer's also holds what
            // the journal does not know (its status), so it is named for a person to look at.
            var known = accounts.Select(a => a.Id).ToHashSet();
            var missing = sums.Where(s => !known.Contains(s.AccountId)).ToList();
            foreach (var system in missing.Where(s => s.AccountId.StartsWith(SystemAccounts.Prefix, StringComparison.Ordinal)))
            {
                db.Accounts.Add(new LedgerAccount
                {
                    Id = system.AccountId, Currency = system.Currency, Balance = system.Sum, IsSystem = true, OpenedAt = clock.GetUtcNow(),
                });
                corrected.Add(new BalanceCorrection(system.AccountId, system.Currency, 0, system.Sum));
            }

            var unknown = missing.Where(s => !s.AccountId.StartsWith(SystemAccounts.Prefix, StringComparison.Ordinal)).Select(s => s.AccountId).ToList();
            return new BalanceRebuild(accounts.Count, corrected, unknown);
        }, cancellationToken, IsolationLevel.Serializable);
}
