namespace Sagas.Persistence.Inbox;

/// <summary>A message a consumer has processed, kept for the retention window so a redelivery of it is recognised.</summary>
public sealed class InboxMessage
{
    /// <summary>Who consumed it: one message can be consumed by several sagas, and each must process it once.</summary>
    public required string Consumer { get; init; }

    public required Guid MessageId { get; init; }

    public required DateTimeOffset ConsumedAt { get; init; }
}
