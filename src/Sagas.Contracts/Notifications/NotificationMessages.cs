namespace Sagas.Contracts.Notifications;

/// <summary>Orchestrator → notify worker: tell people a saga reached a terminal state; recorded once per saga and state.</summary>
public record SendNotification(Guid CorrelationId, string SagaType, string State, string Text);
