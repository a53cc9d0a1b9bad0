namespace Sagas.Contracts.Ledger;

/// <summary>Orchestrator → credit worker: put money into an account, at most once per saga.</summary>
public record CreditAccount(Guid CorrelationId, string AccountId, decimal Amount, string Currency);

/// <summary>Credit worker → saga: the money arrived; the saga can complete.</summary>
public record AccountCredited(Guid CorrelationId, string AccountId, decimal Amount, string Currency);

/// <summary>Credit worker → saga: the credit was refused (unknown or frozen account, currency mismatch, already voided); the saga refunds the debit.</summary>
public record CreditRejected(Guid CorrelationId, string Reason);

/// <summary>
/// Orchestrator → debit worker (the ledger's compensation lane, so it works while the credit worker is down): after
/// a credit timed out, make sure it can no longer apply later, reversing it if it applied and the money is still there.
/// </summary>
public record VoidCredit(Guid CorrelationId);

/// <summary>Ledger → saga: what the void found; the saga refunds the debit unless the credit was kept.</summary>
public record CreditVoided(Guid CorrelationId, CreditVoidOutcome Outcome);

/// <summary>What voiding a credit did.</summary>
public enum CreditVoidOutcome
{
    /// <summary>The credit had not applied and now never will.</summary>
    Fenced,

    /// <summary>The credit had applied and was taken back.</summary>
    Reversed,

    /// <summary>The credit had applied and the money was already spent, so it stays: the transfer completed.</summary>
    Kept,
}
