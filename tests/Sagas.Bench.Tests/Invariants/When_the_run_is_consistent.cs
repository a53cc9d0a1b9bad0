using Sagas.Bench.Invariants;

namespace Sagas.Bench.Tests.Invariants;

public class When_the_run_is_consistent
{
    [Fact]
    public void Every_invariant_holds_for_every_kind_of_outcome()
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 50m), ("empty", 0m), ("frozen", 0m));
        run.Completed(new Payment("ann", "ben", 30m));
        run.Completed(new Payment("ben", "ann", 80m));
        run.Compensated(new Payment("ann", "frozen", 10m));
        run.Saga(SagaKind.Transfer, "Rejected", "Rejected", new Payment("ann", "ben", 20_000m));
        run.Saga(SagaKind.Transfer, "Failed", "Failed", new Payment("empty", "ben", 100m));
        run.Saga(SagaKind.Order, "Cancelled", "Cancelled", new Payment("ben", "ann", 5m));

        var results = InvariantChecker.Check(run.Facts());

        Assert.All(results, result => Assert.True(result.Status == InvariantStatus.Held, $"{result.Name}: {string.Join(" ", result.Violations)}"));
        Assert.Equal(6, results.Count);
    }

    [Fact]
    public void The_journal_is_reported_unchecked_when_it_could_not_be_read_rather_than_held()
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 0m));
        run.Completed(new Payment("ann", "ben", 30m));

        var journal = InvariantChecker.Check(run.Facts(withJournal: false)).Single(r => r.Name == InvariantChecker.JournalBalanced);

        Assert.Equal(InvariantStatus.NotChecked, journal.Status);
    }
}
