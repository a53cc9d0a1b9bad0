namespace Sagas.Notify;

/// <summary>A notification that a saga reached a state; one per (saga, state), however often the command arrives.</summary>
public sealed class Notification
{
    public Guid SagaId { get; init; }

    public required string State { get; init; }

    public required string SagaType { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>When the sink accepted it; null until then, so a failed delivery is retried by the next delivery of the command.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}
