using Sagas.Bench.Invariants;

namespace Sagas.Bench.Tests.Invariants;

public class When_a_refund_is_missing
{
    static IReadOnlyList<InvariantResult> Check()
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 0m), ("frozen", 0m));
        run.Completed(new Payment("ann", "ben", 30m));
        var compensated = run.Saga(SagaKind.Transfer, "Compensated", "Compensated", new Payment("ann", "frozen", 10m));
        run.Post(compensated, "ann", LedgerScenario.Clearing, 10m);
        return InvariantChecker.Check(run.Facts());
    }

    [Fact]
    public void The_total_of_the_balances_is_reported_changed() =>
        Assert.Equal(InvariantStatus.Violated, Check().Single(r => r.Name == InvariantChecker.TotalUnchanged).Status);

    [Fact]
    public void The_payer_balance_is_reported_short_of_what_the_outcomes_make()
    {
        var result = Check().Single(r => r.Name == InvariantChecker.BalancesMatchOutcomes);

        Assert.Equal(InvariantStatus.Violated, result.Status);
        Assert.Contains(result.Violations, v => v.Contains("ann holds 60", StringComparison.Ordinal) && v.Contains("make 70", StringComparison.Ordinal));
    }

    [Fact]
    public void The_journal_shows_the_compensated_saga_kept_the_money()
    {
        var result = Check().Single(r => r.Name == InvariantChecker.JournalBalanced);

        Assert.Equal(InvariantStatus.Violated, result.Status);
        Assert.Contains(result.Violations, v => v.Contains("(Compensated) moved -10 on ann", StringComparison.Ordinal));
    }

    [Fact]
    public void The_saga_states_are_still_reported_as_expected_since_only_the_money_is_wrong()
    {
        var results = Check();

        Assert.Equal(InvariantStatus.Held, results.Single(r => r.Name == InvariantChecker.AllTerminal).Status);
        Assert.Equal(InvariantStatus.Held, results.Single(r => r.Name == InvariantChecker.ExpectedStates).Status);
    }
}
