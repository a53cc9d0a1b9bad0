using Sagas.Bench.Invariants;

namespace Sagas.Bench.Tests.Invariants;

public class When_a_debit_is_applied_twice
{
    static IReadOnlyList<InvariantResult> Check(bool withJournal = true)
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 0m));
        var transfer = run.Completed(new Payment("ann", "ben", 30m));
        run.Post(transfer, "ann", LedgerScenario.Clearing, 30m);
        return InvariantChecker.Check(run.Facts(withJournal));
    }

    [Fact]
    public void The_balances_are_reported_not_matching_the_completed_transfer()
    {
        var result = Check().Single(r => r.Name == InvariantChecker.BalancesMatchOutcomes);

        Assert.Equal(InvariantStatus.Violated, result.Status);
        Assert.Contains(result.Violations, v => v.Contains("ann holds 40", StringComparison.Ordinal) && v.Contains("make 70", StringComparison.Ordinal));
    }

    [Fact]
    public void The_journal_is_reported_moving_the_payer_twice()
    {
        var result = Check().Single(r => r.Name == InvariantChecker.JournalBalanced);

        Assert.Equal(InvariantStatus.Violated, result.Status);
        Assert.Contains(result.Violations, v => v.Contains("moved -60 on ann", StringComparison.Ordinal) && v.Contains("expected -30", StringComparison.Ordinal));
    }

    [Fact]
    public void It_is_caught_from_the_balances_alone_when_the_journal_cannot_be_read()
    {
        var results = Check(withJournal: false);

        Assert.Equal(InvariantStatus.Violated, results.Single(r => r.Name == InvariantChecker.TotalUnchanged).Status);
        Assert.Equal(InvariantStatus.Violated, results.Single(r => r.Name == InvariantChecker.BalancesMatchOutcomes).Status);
    }
}
