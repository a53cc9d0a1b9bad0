namespace Sagas.Contracts.Orders;

/// <summary>One line of an order: how many of a SKU at what unit price.</summary>
public record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>API → orchestrator: a customer placed an order; starts an order saga (CorrelationId is the order id).</summary>
public record OrderSubmitted
{
    public required Guid CorrelationId { get; init; }
    public required string CustomerAccountId { get; init; }
    public required string MerchantAccountId { get; init; }
    public required string Currency { get; init; }
    public required IReadOnlyList<OrderLine> Items { get; init; }
    public required string ShipToCountry { get; init; }
}

/// <summary>API → order saga: the customer wants the order cancelled; honoured only before shipping starts.</summary>
public record OrderCancellationRequested(Guid CorrelationId);

/// <summary>Scheduler → order saga: the step the saga is waiting on took longer than <c>Orders:StepTimeout</c>.</summary>
public record OrderStepTimedOut(Guid CorrelationId);

/// <summary>Orchestrator → order saga, at start-up: send the command of the step you are waiting on again (see ResumeTransfer).</summary>
public record ResumeOrder(Guid CorrelationId);
