using Microsoft.EntityFrameworkCore;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_the_ledger_is_audited
{
    [Fact]
    public async Task A_balance_its_journal_does_not_explain_is_reported()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 10m);

        // Money appearing from nowhere, as a lost update or a bug that skips the journal would make it.
        await host.With<LedgerDbContext, int>(db => db.Accounts.Where(a => a.Id == "alice")
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, 150m)));
        await host.With<LedgerDbContext, int>(db => db.Accounts.Where(a => a.Id == "bob")
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, -1m)));

        var audit = await host.With<LedgerService, JournalAudit>(ledger => ledger.AuditJournal());
        Assert.False(audit.IsBalanced);
        Assert.Contains(audit.Problems, problem => problem.Contains("'alice' holds 150", StringComparison.Ordinal));
        Assert.Contains(audit.Problems, problem => problem.Contains("'bob' is overdrawn", StringComparison.Ordinal));
        Assert.False((await host.Totals()).IsConserved);
    }
}
