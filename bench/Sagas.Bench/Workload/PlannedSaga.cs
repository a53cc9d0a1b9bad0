using Sagas.Bench.Invariants;

namespace Sagas.Bench.Workload;

/// <summary>One saga the workload will start: a transfer (no SKU) or a one-line order of <see cref="Sku"/>.</summary>
public sealed record PlannedSaga(int Index, Outcome Outcome, Payment Payment, string? Sku)
{
    public SagaKind Kind => Outcome == Outcome.Order ? SagaKind.Order : SagaKind.Transfer;

    public string ExpectedState => Outcome switch
    {
        Outcome.Plain or Outcome.Order => SagaFacts.CompletedState,
        Outcome.FraudRejected => "Rejected",
        Outcome.InsufficientFunds => "Failed",
        Outcome.Compensated => "Compensated",
        _ => throw new InvalidOperationException($"No expected state for {Outcome}."),
    };

    /// <summary>A key that is new for every run and saga, so a retried request is never taken for another.</summary>
    public string IdempotencyKey(string runTag) => $"bench-{runTag}-{Index}";
}
