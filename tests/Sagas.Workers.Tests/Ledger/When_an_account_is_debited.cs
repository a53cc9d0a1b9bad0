using Sagas.Contracts.Ledger;
using Sagas.Ledger;

namespace Sagas.Workers.Tests.Ledger;

public sealed class When_an_account_is_debited
{
    [Fact]
    public async Task It_moves_the_money_into_clearing_and_journals_both_sides()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();

        await host.Send(new DebitAccount(sagaId, "alice", 30.25m, "USD"));

        Assert.Equal(new AccountDebited(sagaId, "alice", 30.25m, "USD"), await host.Reply<AccountDebited>(sagaId));
        Assert.Equal(69.75m, await host.Balance("alice"));
        Assert.Equal(new CurrencyTotals("USD", CustomerBalances: 69.75m, InClearing: 30.25m, Funded: 100m), await host.Totals());
        var journal = await host.With<LedgerService, IReadOnlyList<JournalEntry>>(ledger => ledger.GetJournal(sagaId));
        Assert.Equal(
            [("alice", -30.25m, PostingKind.Debit), (SystemAccounts.Clearing("USD", sagaId), 30.25m, PostingKind.Debit)],
            journal.Select(e => (e.AccountId, e.Amount, e.Kind)));
        Assert.Single(journal.Select(e => e.PostingId).Distinct());
        await host.AssertLedgerHolds();
    }

    [Fact]
    public async Task Then_credited_the_money_arrives_and_clearing_is_empty_again()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        await host.OpenAccount("bob", 5m);
        var sagaId = Guid.NewGuid();

        await host.Send(new DebitAccount(sagaId, "alice", 40m, "USD"));
        await host.Reply<AccountDebited>(sagaId);
        await host.Send(new CreditAccount(sagaId, "bob", 40m, "USD"));

        Assert.Equal(new AccountCredited(sagaId, "bob", 40m, "USD"), await host.Reply<AccountCredited>(sagaId));
        Assert.Equal(60m, await host.Balance("alice"));
        Assert.Equal(45m, await host.Balance("bob"));
        Assert.Equal(new CurrencyTotals("USD", CustomerBalances: 105m, InClearing: 0m, Funded: 105m), await host.Totals());
        var operations = await host.With<LedgerService, IReadOnlyList<LedgerOperation>>(ledger => ledger.GetOperations(sagaId));
        Assert.Equal([(LedgerSide.Debit, OperationState.Applied), (LedgerSide.Credit, OperationState.Applied)],
            operations.Select(o => (o.Side, o.State)).Order());
        await host.AssertLedgerHolds();
    }
}
