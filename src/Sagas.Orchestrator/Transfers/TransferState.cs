using Sagas.Orchestrator.Sagas;

namespace Sagas.Orchestrator.Transfers;

/// <summary>One money transfer: the request, where it is, and how it got there.</summary>
public class TransferState : ITrackedSaga
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public string FromAccountId { get; set; } = "";

    public string ToAccountId { get; set; } = "";

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? StepTimeoutTokenId { get; set; }

    /// <summary>How often the saga re-sent a compensating command whose reply did not come.</summary>
    public int CompensationAttempts { get; set; }

    public IReadOnlyList<SagaStep> History { get; set; } = [];
}
