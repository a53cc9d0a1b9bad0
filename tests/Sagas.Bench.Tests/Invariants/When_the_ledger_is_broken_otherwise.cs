using Sagas.Bench.Invariants;

namespace Sagas.Bench.Tests.Invariants;

public class When_the_ledger_is_broken_otherwise
{
    [Fact]
    public void A_posting_whose_lines_do_not_sum_to_zero_is_reported()
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 0m));
        var transfer = run.Completed(new Payment("ann", "ben", 30m));
        run.AddJournalLine(new JournalLine(Guid.NewGuid(), transfer, LedgerScenario.Clearing, 5m));

        var result = InvariantChecker.Check(run.Facts()).Single(r => r.Name == InvariantChecker.JournalBalanced);

        Assert.Equal(InvariantStatus.Violated, result.Status);
        Assert.Contains(result.Violations, v => v.Contains("sums to 5", StringComparison.Ordinal));
    }

    [Fact]
    public void An_overdrawn_account_is_reported()
    {
        var run = new LedgerScenario(("ann", 10m), ("ben", 0m));
        run.Completed(new Payment("ann", "ben", 30m));

        var result = InvariantChecker.Check(run.Facts()).Single(r => r.Name == InvariantChecker.NoNegativeBalance);

        Assert.Equal(InvariantStatus.Violated, result.Status);
        Assert.Contains("ann is overdrawn: -20", Assert.Single(result.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public void Money_moved_on_the_runs_accounts_by_a_saga_it_did_not_start_is_reported()
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 0m));
        run.Post(Guid.NewGuid(), "ann", "ben", 7m);

        var results = InvariantChecker.Check(run.Facts());

        Assert.Equal(InvariantStatus.Violated, results.Single(r => r.Name == InvariantChecker.JournalBalanced).Status);
        Assert.Equal(InvariantStatus.Violated, results.Single(r => r.Name == InvariantChecker.BalancesMatchOutcomes).Status);
    }
}
