namespace Sagas.Contracts.Transfers;

/// <summary>API → orchestrator: a person asked to move money; starts a transfer saga.</summary>
public record TransferRequested(Guid CorrelationId, string FromAccountId, string ToAccountId, decimal Amount, string Currency);

/// <summary>Scheduler → transfer saga: the step the saga is waiting on took longer than <c>Transfers:StepTimeout</c>.</summary>
public record TransferStepTimedOut(Guid CorrelationId);

/// <summary>
/// Orchestrator → transfer saga, at start-up: send the command of the step you are waiting on again, because it or its
/// reply may have been lost with a broker's memory or a worker's database. Workers answer a repeated command with
/// the reply they gave the first time, so this is always safe.
/// </summary>
public record ResumeTransfer(Guid CorrelationId);
