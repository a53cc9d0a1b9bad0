using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests;

/// <summary>Ledger set-up and the money invariants every ledger test ends by checking.</summary>
static class LedgerAssertions
{
    public static async Task OpenAccount(this WorkerHost host, string accountId, decimal openingBalance, string currency = "USD")
    {
        var result = await host.With<LedgerService, OpenAccountResult>(ledger => ledger.OpenAccount(accountId, currency, openingBalance));
        Assert.Equal(OpenAccountStatus.Created, result.Status);
    }

    /// <summary>Moves money the way a transfer saga does: debit, then credit, each awaited.</summary>
    public static async Task Transfer(this WorkerHost host, string fromAccountId, string toAccountId, decimal amount, string currency = "USD")
    {
        var sagaId = Guid.NewGuid();
        await host.Send(new DebitAccount(sagaId, fromAccountId, amount, currency));
        await host.Reply<AccountDebited>(sagaId);
        await host.Send(new CreditAccount(sagaId, toAccountId, amount, currency));
        await host.Reply<AccountCredited>(sagaId);
    }

    public static async Task<decimal> Balance(this WorkerHost host, string accountId) =>
        (await host.With<LedgerService, AccountSnapshot?>(ledger => ledger.GetAccount(accountId)))?.Balance
        ?? throw new InvalidOperationException($"No account '{accountId}'.");

    public static Task<CurrencyTotals> Totals(this WorkerHost host, string currency = "USD") =>
        host.With<LedgerService, CurrencyTotals>(ledger => ledger.GetTotals(currency));

    /// <summary>The journal replays to the balances and sums to zero, no customer account is overdrawn, and money is conserved.</summary>
    public static async Task AssertLedgerHolds(this WorkerHost host, string currency = "USD")
    {
        var audit = await host.With<LedgerService, JournalAudit>(ledger => ledger.AuditJournal());
        Assert.True(audit.IsBalanced, string.Join(Environment.NewLine, audit.Problems));
        var totals = await host.Totals(currency);
        Assert.True(totals.IsConserved, $"Not conserved: {totals}");
    }
}
