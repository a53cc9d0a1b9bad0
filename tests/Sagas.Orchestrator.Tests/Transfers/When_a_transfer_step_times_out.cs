using Sagas.Contracts.Fraud;
using Sagas.Contracts.Ledger;
using Sagas.Persistence;
using Sagas.Testing;
using static Sagas.Orchestrator.Tests.Transfers.TransferScenarios;

namespace Sagas.Orchestrator.Tests.Transfers;

public class When_a_transfer_step_times_out
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_fraud_check_that_never_answers_fails_the_transfer(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.LoseAll<CheckFraud>());
        await using var _ = host;

        var saga = await host.Transfer(id, "Failed");

        Assert.Equal("The fraud check timed out.", saga.Reason);
        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_debit_that_never_arrived_is_fenced_and_the_transfer_fails(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<DebitAccount>());
        await using var _ = host;

        var saga = await host.Transfer(id, "Failed");

        Assert.Equal(["Screening", "Debiting", "VoidingDebit", "Failed"], States(saga));
        await AssertNothingMoved(host);

        // The lost command turning up now must not move money: the fence refuses it.
        Assert.Single(host.Faults.Lost<DebitAccount>());
        Assert.False(host.Answered<DebitRejected>(id));
        await host.DeliverLostCommands<DebitAccount>();
        Assert.True(host.Answered<DebitRejected>(id));
        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_debit_whose_reply_was_lost_is_refunded_and_the_transfer_is_compensated(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<AccountDebited>());
        await using var _ = host;

        var saga = await host.Transfer(id, "Compensated");

        Assert.Equal(["Screening", "Debiting", "VoidingDebit", "Compensated"], States(saga));
        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_credit_that_never_arrived_is_fenced_and_the_debit_refunded(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<CreditAccount>());
        await using var _ = host;

        var saga = await host.Transfer(id, "Compensated");

        Assert.Equal(["Screening", "Debiting", "Crediting", "VoidingCredit", "Refunding", "Compensated"], States(saga));
        await AssertNothingMoved(host);

        Assert.Single(host.Faults.Lost<CreditAccount>());
        Assert.False(host.Answered<CreditRejected>(id));
        await host.DeliverLostCommands<CreditAccount>();
        Assert.True(host.Answered<CreditRejected>(id));
        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_credit_whose_reply_was_lost_is_reversed_and_the_debit_refunded(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<AccountCredited>());
        await using var _ = host;

        await host.Transfer(id, "Compensated");

        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_reply_arriving_after_its_timeout_changes_nothing(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<AccountCredited>());
        await using var _ = host;
        var compensated = await host.Transfer(id, "Compensated");

        await host.SendAndWait(host.TransferSagas, Assert.Single(host.Faults.Lost<AccountCredited>()));

        var saga = await host.Transfer(id, "Compensated");
        Assert.Equal(compensated.History.Count, saga.History.Count);
        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_reply_out_of_order_is_ignored_while_the_saga_waits(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<DebitAccount>());
        await using var _ = host;
        await host.Transfer(id, "Debiting");

        await host.SendAndWait(host.TransferSagas, new AccountCredited(id, "bob", Amount, "USD"));

        var saga = await host.Transfer(id, "Failed");
        Assert.DoesNotContain("Completed", States(saga));
        await AssertNothingMoved(host);
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_lost_refund_is_sent_again_until_it_lands(DatabaseProvider provider)
    {
        var (host, id) = await Start(provider, faults => faults.Lose<CreditAccount>().Lose<RefundDebit>());
        await using var _ = host;

        var saga = await host.Transfer(id, "Compensated");

        Assert.Equal(1, saga.CompensationAttempts);
        await AssertNothingMoved(host);
    }
}
