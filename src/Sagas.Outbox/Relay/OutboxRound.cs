namespace Sagas.Outbox;

/// <summary>What one relay round did: rows claimed, delivered, and those left for a retry because delivery failed.</summary>
public sealed record OutboxRound(int Claimed, int Delivered, int Failed)
{
    public static readonly OutboxRound Idle = new(0, 0, 0);

    /// <summary>Whether the round failed outright: something was due and nothing of it went out.</summary>
    public bool FailedEntirely => Failed > 0 && Delivered == 0;
}
