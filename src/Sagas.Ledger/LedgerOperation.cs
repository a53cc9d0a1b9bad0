namespace Sagas.Ledger;

/// <summary>
/// A saga's debit or credit slot: at most one row per (saga, side), which is what makes redelivered and
/// concurrent commands apply once. It remembers the outcome so a duplicate gets the first reply again.
/// </summary>
public sealed class LedgerOperation
{
    public Guid SagaId { get; init; }

    public LedgerSide Side { get; init; }

    public OperationState State { get; set; }

    /// <summary>What the command asked to move; null when the command itself was invalid.</summary>
    public string? AccountId { get; init; }

    public decimal Amount { get; init; }

    public string? Currency { get; init; }

    /// <summary>Why the command was refused; set only when <see cref="State"/> is Rejected.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Which of a saga's two money steps an operation is.</summary>
public enum LedgerSide
{
    Debit,
    Credit,
}

/// <summary>Where a saga's debit or credit slot stands.</summary>
public enum OperationState
{
    /// <summary>The money moved.</summary>
    Applied,

    /// <summary>The command was refused; nothing moved and nothing ever will.</summary>
    Rejected,

    /// <summary>Closed by a refund or void before any command applied; a late command is refused.</summary>
    Fenced,

    /// <summary>Applied, then taken back by RefundDebit or VoidCredit.</summary>
    Reversed,

    /// <summary>A credit that applied and could not be taken back because the money was already spent.</summary>
    Kept,
}
