using Sagas.Contracts.Orders;
using Sagas.Orchestrator.Sagas;

namespace Sagas.Orchestrator.Orders;

/// <summary>One order: what was bought, where it is in fulfilment, and how it got there.</summary>
public class OrderState : ITrackedSaga
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public string CustomerAccountId { get; set; } = "";

    public string MerchantAccountId { get; set; } = "";

    public string Currency { get; set; } = "";

    public IReadOnlyList<OrderLine> Items { get; set; } = [];

    public decimal Total { get; set; }

    public string ShipToCountry { get; set; } = "";

    public string? TrackingNumber { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? StepTimeoutTokenId { get; set; }

    /// <summary>How often the saga re-sent a compensating command, or the stock sale, whose reply did not come.</summary>
    public int CompensationAttempts { get; set; }

    public IReadOnlyList<SagaStep> History { get; set; } = [];
}
