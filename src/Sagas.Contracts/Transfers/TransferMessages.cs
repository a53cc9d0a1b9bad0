namespace Sagas.Contracts.Transfers;

/// <summary>API → orchestrator: a person asked to move money; starts a transfer saga.</summary>
public record TransferRequested(Guid CorrelationId, string FromAccountId, string ToAccountId, decimal Amount, string Currency);

/// <summary>Scheduler → transfer saga: the step the saga is waiting on took longer than <c>Transfers:StepTimeout</c>.</summary>
public record TransferStepTimedOut(Guid CorrelationId);
