namespace Sagas.Outbox;

/// <summary>How the outbox relay claims, delivers, retries and cleans up (configuration section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Sagas claimed per round; each brings all its pending rows, so one saga's rows go out together and in order.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How often an idle relay looks for rows; a commit that wrote rows in this process wakes it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claim keeps other relays off a batch. Longer than a round takes (a produce may wait
    /// <c>Kafka:ProduceTimeout</c>); when it ends before the holder marked the rows, another relay produces them again.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A name for this relay that stays the same across restarts (the host or pod name), unique among the relays on the
    /// database. With it, a relay that crashed takes back its claims as soon as it starts again instead of waiting out
    /// <see cref="LeaseDuration"/>; without it (the default) each process is a new relay and another one, or the
    /// restarted process, takes the rows over when the lease ends.
    /// </summary>
    public string? RelayId { get; set; }

    /// <summary>How long delivered rows are kept for inspection before cleanup removes them.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often delivered rows past <see cref="Retention"/> are removed.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wait before a failed row is tried again; it doubles with each failure up to <see cref="RetryMaxBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed attempts after which each further failure of a row is logged as an error rather than a warning.</summary>
    public int ErrorAfterAttempts { get; set; } = 5;

    /// <summary>The readiness check fails once the relay has failed every round for this long.</summary>
    public TimeSpan UnhealthyAfterFailingFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The readiness check fails while the oldest undelivered row is older than this.</summary>
    public TimeSpan MaxBacklogAge { get; set; } = TimeSpan.FromMinutes(5);
}
