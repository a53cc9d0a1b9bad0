namespace Sagas.Contracts.Ledger;

/// <summary>
/// Ledger → read side, on <c>ledger.events</c>: an account was opened (its opening balance follows as a posting).
/// CorrelationId is the account's stream key (<see cref="Events.StreamKeys.Account"/>); StatusVersion is 0.
/// </summary>
public record AccountOpened(Guid CorrelationId, string AccountId, string Currency, long StatusVersion, DateTimeOffset At);

/// <summary>Ledger → read side: the account was frozen; StatusVersion counts the account's freezes and unfreezes so far.</summary>
public record AccountFrozen(Guid CorrelationId, string AccountId, long StatusVersion, DateTimeOffset At);

/// <summary>Ledger → read side: the account was unfrozen; StatusVersion counts the account's freezes and unfreezes so far.</summary>
public record AccountUnfrozen(Guid CorrelationId, string AccountId, long StatusVersion, DateTimeOffset At);

/// <summary>
/// Ledger → read side: one posting of the journal (two entries summing to zero), told from the customer account it moved,
/// whose stream key is the CorrelationId; the other side is a system account (clearing or funding). Sequence is the
/// journal position of the account's entry: per account it grows in commit order, so a statement's balance after each
/// posting is the running sum of Amount in Sequence order.
/// </summary>
public record PostingRecorded
{
    public required Guid CorrelationId { get; init; }

    /// <summary>The journal sequence of <see cref="AccountId"/>'s entry.</summary>
    public required long Sequence { get; init; }

    public required Guid PostingId { get; init; }

    /// <summary>The saga that moved the money; null for an opening balance.</summary>
    public Guid? SagaId { get; init; }

    /// <summary>Opening, Debit, DebitRefund, Credit or CreditReversal.</summary>
    public required string Kind { get; init; }

    public required string AccountId { get; init; }

    /// <summary>Signed for <see cref="AccountId"/>: positive paid in, negative paid out; the counter account moved the opposite.</summary>
    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    public required string CounterAccountId { get; init; }

    /// <summary>The journal sequence of the counter account's entry.</summary>
    public required long CounterSequence { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
}
