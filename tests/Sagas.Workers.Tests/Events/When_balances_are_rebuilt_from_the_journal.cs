using Microsoft.EntityFrameworkCore;
using Sagas.Contracts.Ledger;
using Sagas.Ledger;
using Sagas.Persistence;
using Sagas.Testing;

namespace Sagas.Workers.Tests.Events;

/// <summary>The balances are a projection of the journal: zeroed, corrupted or lost, they come back from the journal alone.</summary>
public sealed class When_balances_are_rebuilt_from_the_journal
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Corrupted_balances_come_back_equal_to_the_originals(DatabaseProvider provider)
    {
        await using var host = await WorkerHost.Start(onPostgresIfConfigured: provider == DatabaseProvider.PostgreSql);
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 20m);
        await host.OpenAccount("yen", 5000m, "JPY");
        await host.Transfer("alice", "bob", 30m);
        await host.Transfer("bob", "alice", 5m);
        var refunded = Guid.NewGuid();
        await host.Send(new DebitAccount(refunded, "alice", 7m, "USD"));
        await host.Reply<AccountDebited>(refunded);
        await host.Send(new RefundDebit(refunded));
        await host.Reply<DebitRefunded>(refunded);
        var inFlight = Guid.NewGuid();
        await host.Send(new DebitAccount(inFlight, "bob", 3m, "USD"));
        await host.Reply<AccountDebited>(inFlight);
        var originals = await Balances(host);

        // Every balance zeroed, one corrupted, and a clearing account's row lost.
        await host.With<LedgerDbContext, int>(db => db.Accounts.ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, 0m)));
        await host.With<LedgerDbContext, int>(db => db.Accounts.Where(a => a.Id == "bob").ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, 999m)));
        var clearing = SystemAccounts.Clearing("USD", inFlight);
        await host.With<LedgerDbContext, int>(db => db.Accounts.Where(a => a.Id == clearing).ExecuteDeleteAsync());
        Assert.False((await host.With<LedgerService, JournalAudit>(ledger => ledger.AuditJournal())).IsBalanced);

        var rebuild = await host.With<LedgerService, BalanceRebuild>(ledger => ledger.RebuildBalances());

        Assert.Equal(originals, await Balances(host));
        Assert.Empty(rebuild.UnknownAccounts);
        Assert.Contains(rebuild.Corrected, c => c == new BalanceCorrection("bob", "USD", 999m, originals["bob"]));
        Assert.Contains(rebuild.Corrected, c => c.AccountId == clearing && c.Is == 3m);
        await host.AssertLedgerHolds();
        await host.AssertLedgerHolds("JPY");
    }

    [Fact]
    public async Task Balances_that_hold_are_left_alone()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 0m);
        await host.Transfer("alice", "bob", 40m);

        var rebuild = await host.With<LedgerService, BalanceRebuild>(ledger => ledger.RebuildBalances());

        Assert.Empty(rebuild.Corrected);
        Assert.Equal(4, rebuild.Accounts);
        Assert.Equal((60m, 40m), (await host.Balance("alice"), await host.Balance("bob")));
    }

    static async Task<SortedDictionary<string, decimal>> Balances(WorkerHost host) =>
        new(await host.With<LedgerDbContext, Dictionary<string, decimal>>(db => db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Balance)),
            StringComparer.Ordinal);
}
