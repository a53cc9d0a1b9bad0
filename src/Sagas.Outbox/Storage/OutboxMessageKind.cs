namespace Sagas.Outbox;

/// <summary>What a relay does with an outbox row; stored as its number, so never renumber.</summary>
public enum OutboxMessageKind
{
    /// <summary>Produce <see cref="OutboxMessage.Value"/> to <see cref="OutboxMessage.Topic"/>, keyed by the saga id.</summary>
    Record = 0,

    /// <summary>Hand the record to the scheduler to be produced at <see cref="OutboxMessage.DueAt"/>, named by the token.</summary>
    ScheduleTimeout = 1,

    /// <summary>Tell the scheduler to forget the timeout named by the token.</summary>
    CancelTimeout = 2,
}
