using Sagas.Bench.Invariants;

namespace Sagas.Bench.Tests.Invariants;

public class When_a_saga_does_not_end
{
    [Theory]
    [InlineData(SagaKind.Transfer, "Debiting")]
    [InlineData(SagaKind.Transfer, null)]
    [InlineData(SagaKind.Order, "Shipping")]
    [InlineData(SagaKind.Order, "Compensated")]
    public void It_is_reported_not_terminal_and_not_in_its_expected_state(SagaKind kind, string? state)
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 0m));
        run.Completed(new Payment("ann", "ben", 1m));
        var stuck = run.Saga(kind, "Completed", state, new Payment("ann", "ben", 5m));

        var results = InvariantChecker.Check(run.Facts());

        var terminal = results.Single(r => r.Name == InvariantChecker.AllTerminal);
        Assert.Equal(InvariantStatus.Violated, terminal.Status);
        Assert.Contains(stuck.ToString(), Assert.Single(terminal.Violations), StringComparison.Ordinal);
        Assert.Equal(InvariantStatus.Violated, results.Single(r => r.Name == InvariantChecker.ExpectedStates).Status);
    }

    [Fact]
    public void A_terminal_saga_in_another_state_than_planned_is_reported_unexpected_but_terminal()
    {
        var run = new LedgerScenario(("ann", 100m), ("ben", 0m));
        run.Saga(SagaKind.Transfer, "Compensated", "Failed", new Payment("ann", "ben", 5m));

        var results = InvariantChecker.Check(run.Facts());

        Assert.Equal(InvariantStatus.Held, results.Single(r => r.Name == InvariantChecker.AllTerminal).Status);
        Assert.Equal(InvariantStatus.Violated, results.Single(r => r.Name == InvariantChecker.ExpectedStates).Status);
    }
}
