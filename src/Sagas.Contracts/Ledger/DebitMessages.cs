namespace Sagas.Contracts.Ledger;

/// <summary>Orchestrator → debit worker: take money from an account, at most once per saga.</summary>
public record DebitAccount(Guid CorrelationId, string AccountId, decimal Amount, string Currency);

/// <summary>Debit worker → saga: the money left the account; the saga moves on to its next step.</summary>
public record AccountDebited(Guid CorrelationId, string AccountId, decimal Amount, string Currency);

/// <summary>Debit worker → saga: the debit was refused (insufficient funds, unknown or frozen account, currency mismatch, already voided).</summary>
public record DebitRejected(Guid CorrelationId, string Reason);

/// <summary>
/// Orchestrator → debit worker: give back this saga's debit if it was applied, and fence it so a late
/// DebitAccount for the same saga can never apply. Safe to send whether or not the debit happened.
/// </summary>
public record RefundDebit(Guid CorrelationId);

/// <summary>Debit worker → saga: the saga's debit slot is closed; DebitWasApplied tells whether money went back.</summary>
public record DebitRefunded(Guid CorrelationId, bool DebitWasApplied);
