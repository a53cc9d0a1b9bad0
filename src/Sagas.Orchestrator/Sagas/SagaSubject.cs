using Sagas.Contracts.Orders;

namespace Sagas.Orchestrator.Sagas;

/// <summary>What a saga is about, as its start event tells the read side: who pays whom how much, and what an order bought.</summary>
public sealed record SagaSubject(string AccountId, string CounterpartyAccountId, decimal Amount, string Currency, IReadOnlyList<OrderLine> Items);
