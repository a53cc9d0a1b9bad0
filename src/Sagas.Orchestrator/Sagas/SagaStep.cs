namespace Sagas.Orchestrator.Sagas;

/// <summary>One transition of a saga, kept for inspection after the fact.</summary>
public record SagaStep(DateTimeOffset At, string Event, string From, string To);
