namespace Sagas.Ledger;

/// <summary>
/// One side of a posting. Every posting writes two entries with the same <see cref="PostingId"/> whose amounts
/// sum to zero; entries are never changed, a reversal is a new posting.
/// </summary>
public sealed class JournalEntry
{
    public long Id { get; init; }

    public Guid PostingId { get; init; }

    /// <summary>The saga that moved the money; null for opening balances.</summary>
    public Guid? SagaId { get; init; }

    public PostingKind Kind { get; init; }

    public required string AccountId { get; init; }

    /// <summary>Signed: positive adds to the account's balance, negative takes from it.</summary>
    public decimal Amount { get; init; }

    public required string Currency { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>Why money moved.</summary>
public enum PostingKind
{
    Opening,
    Debit,
    DebitRefund,
    Credit,
    CreditReversal,
}
