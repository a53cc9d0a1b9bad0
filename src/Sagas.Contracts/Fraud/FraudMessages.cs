namespace Sagas.Contracts.Fraud;

/// <summary>Orchestrator → fraud worker: screen a payment between two accounts; answered by FraudCheckPassed or FraudCheckFailed.</summary>
public record CheckFraud(Guid CorrelationId, string PayerAccountId, string PayeeAccountId, decimal Amount, string Currency);

/// <summary>Fraud worker → saga: nothing suspicious; the saga moves on to its first money step.</summary>
public record FraudCheckPassed(Guid CorrelationId);

/// <summary>Fraud worker → saga: the payment is refused; the saga ends Rejected with nothing moved.</summary>
public record FraudCheckFailed(Guid CorrelationId, string Reason);
