using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_an_account_is_opened
{
    [Fact]
    public async Task Its_opening_balance_comes_from_the_funding_account()
    {
        await using var host = await WorkerHost.Start();

        var result = await host.With<LedgerService, OpenAccountResult>(ledger => ledger.OpenAccount("alice", "EUR", 250.50m));

        Assert.Equal(new OpenAccountResult(OpenAccountStatus.Created, new AccountSnapshot("alice", "EUR", 250.50m, false), null), result);
        Assert.Equal(new CurrencyTotals("EUR", CustomerBalances: 250.50m, InClearing: 0m, Funded: 250.50m), await host.Totals("EUR"));
        await host.AssertLedgerHolds("EUR");
    }

    [Fact]
    public async Task Twice_the_second_finds_it_and_changes_nothing()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);

        var again = await host.With<LedgerService, OpenAccountResult>(ledger => ledger.OpenAccount("alice", "USD", 999m));

        Assert.Equal(OpenAccountStatus.AlreadyExists, again.Status);
        Assert.Equal(100m, again.Account!.Balance);
        Assert.Equal(100m, (await host.Totals()).Funded);
        await host.AssertLedgerHolds();
    }

    [Theory]
    [InlineData("", "USD", 1, "required")]
    [InlineData("has space", "USD", 1, "may contain only")]
    [InlineData("system:funding:USD", "USD", 1, "may contain only")]
    [InlineData("alice", "DOLLARS", 1, "ISO 4217")]
    [InlineData("alice", "USD", -1, "negative")]
    [InlineData("alice", "JPY", 1.5, "decimal places")]
    public async Task With_invalid_details_it_says_why(string accountId, string currency, decimal openingBalance, string error)
    {
        await using var host = await WorkerHost.Start();

        var result = await host.With<LedgerService, OpenAccountResult>(ledger => ledger.OpenAccount(accountId, currency, openingBalance));

        Assert.Equal(OpenAccountStatus.Invalid, result.Status);
        Assert.Contains(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_can_be_frozen_and_unfrozen_but_unknown_ones_cannot()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);

        Assert.True(await host.With<LedgerService, bool>(ledger => ledger.Freeze("alice")));
        Assert.True((await host.With<LedgerService, AccountSnapshot?>(ledger => ledger.GetAccount("alice")))!.IsFrozen);
        Assert.True(await host.With<LedgerService, bool>(ledger => ledger.Unfreeze("alice")));
        Assert.False((await host.With<LedgerService, AccountSnapshot?>(ledger => ledger.GetAccount("alice")))!.IsFrozen);
        Assert.False(await host.With<LedgerService, bool>(ledger => ledger.Freeze("nobody")));
        Assert.False(await host.With<LedgerService, bool>(ledger => ledger.Unfreeze(SystemAccounts.Funding("USD"))));
        Assert.Null(await host.With<LedgerService, AccountSnapshot?>(ledger => ledger.GetAccount(SystemAccounts.Funding("USD"))));
    }
}
