using Microsoft.EntityFrameworkCore;
using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

/// <summary>
/// Each currency's clearing is split over several system accounts, so ledger transactions of different sagas do not
/// queue on one row; a saga keeps to one of them, and totals count them all, the single pre-split account included.
/// </summary>
public sealed class When_clearing_is_split_across_accounts
{
    [Fact]
    public void A_saga_always_uses_the_same_clearing_account()
    {
        var sagaId = Guid.NewGuid();
        Assert.Equal(SystemAccounts.Clearing("USD", sagaId), SystemAccounts.Clearing("USD", sagaId));
        Assert.StartsWith("system:clearing:USD:", SystemAccounts.Clearing("USD", sagaId), StringComparison.Ordinal);
    }

    [Fact]
    public void Sagas_spread_over_every_clearing_account()
    {
        var used = Enumerable.Range(0, 2000).Select(_ => SystemAccounts.Clearing("USD", Guid.NewGuid())).Distinct().Count();
        Assert.Equal(SystemAccounts.ClearingShards, used);
    }

    [Theory]
    [InlineData("system:clearing:USD:7", "USD", true)]
    [InlineData("system:clearing:USD", "USD", true)]
    [InlineData("system:clearing:EUR:7", "USD", false)]
    [InlineData("system:clearing:USDX:7", "USD", false)]
    [InlineData("system:funding:USD", "USD", false)]
    public void Clearing_accounts_are_told_from_the_others(string accountId, string currency, bool clearing) =>
        Assert.Equal(clearing, SystemAccounts.IsClearing(accountId, currency));

    [Fact]
    public async Task Money_in_clearing_is_the_sum_of_the_clearing_accounts()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var first = Guid.NewGuid();
        var second = OnAnotherClearingAccountThan(first);
        await Debit(host, first, "alice", 10m);
        await Debit(host, second, "alice", 15m);

        Assert.NotEqual(SystemAccounts.Clearing("USD", first), SystemAccounts.Clearing("USD", second));
        Assert.Equal(new CurrencyTotals("USD", CustomerBalances: 75m, InClearing: 25m, Funded: 100m), await host.Totals());
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task A_saga_debited_into_the_pre_split_account_is_credited_and_still_balances()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 0m);
        var sagaId = Guid.NewGuid();
        await DebitAsBeforeTheSplit(host, sagaId, "alice", 30m);
        Assert.Equal(30m, (await host.Totals()).InClearing);

        await host.Send(new CreditAccount(sagaId, "bob", 30m, "USD"));
        await host.Reply<AccountCredited>(sagaId);

        Assert.Equal(30m, await host.Balance("bob"));
        Assert.Equal(new CurrencyTotals("USD", CustomerBalances: 100m, InClearing: 0m, Funded: 100m), await host.Totals());
        await host.AssertLedgerHolds();
    }

    static async Task Debit(WorkerHost host, Guid sagaId, string accountId, decimal amount)
    {
        await host.Send(new DebitAccount(sagaId, accountId, amount, "USD"));
        await host.Reply<AccountDebited>(sagaId);
    }

    static Guid OnAnotherClearingAccountThan(Guid other) =>
        Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid())
            .First(sagaId => SystemAccounts.Clearing("USD", sagaId) != SystemAccounts.Clearing("USD", other));

    /// <summary>What a debit wrote before the split: the customer's money moved to the currency's one clearing account.</summary>
    static Task<int> DebitAsBeforeTheSplit(WorkerHost host, Guid sagaId, string accountId, decimal amount) =>
        host.With<LedgerDbContext, int>(async db =>
        {
            const string legacy = "system:clearing:USD";
            var now = DateTimeOffset.UtcNow;
            db.Accounts.Add(new LedgerAccount { Id = legacy, Currency = "USD", Balance = amount, IsSystem = true, OpenedAt = now });
            var postingId = Guid.NewGuid();
            db.Journal.AddRange(Entry(accountId, -amount), Entry(legacy, amount));
            await db.SaveChangesAsync();
            return await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(set => set.SetProperty(a => a.Balance, a => a.Balance - amount));

            JournalEntry Entry(string account, decimal change) => new()
            {
                PostingId = postingId, SagaId = sagaId, Kind = PostingKind.Debit, AccountId = account, Amount = change, Currency = "USD",
                RecordedAt = now,
            };
        });
}
