namespace Sagas.Outbox;

/// <summary>How the outbox is delivered, swept and retried (configuration section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Sagas (for records sent now) and scheduled records claimed per sweep round.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claim keeps a sweep off a row: a row this process wrote, until it has produced it, and a row a sweep
    /// claimed, until that sweep has delivered it. Longer than a produce may take (<c>Kafka:ProduceTimeout</c>); when it
    /// ends first, the row may be produced twice, which consumers deduplicate.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// A name for this process that stays the same across restarts (the host or pod name), unique among the processes on
    /// the database. With it, a process that crashed takes back its claims as soon as it starts again instead of waiting
    /// out <see cref="LeaseDuration"/>; without it (the default) another process's sweep takes them over when they end.
    /// </summary>
    public string? RelayId { get; set; }

    /// <summary>What a process's sweeps add to its name when they claim rows (see <c>OutboxSweeper.ClaimOwner</c>).</summary>
    internal const string SweepClaimSuffix = "/sweep";

    /// <summary>The longest <see cref="RelayId"/> whose sweep claims still fit the claim column.</summary>
    internal static readonly int MaxRelayIdLength = OutboxModelBuilderExtensions.ClaimOwnerLength - SweepClaimSuffix.Length;

    /// <summary>How often the outcome of what was produced is written back (produced rows deleted, refused ones released).</summary>
    public TimeSpan SettleInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Wait before a refused record is tried again; it doubles with each failure up to <see cref="RetryMaxBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// While the database or the Kafka cluster is unreachable, the longest a retry waits (instead of
    /// <see cref="RetryMaxBackoff"/>, which is for records refused for a reason of their own): delivery resumes within about
    /// this long of the dependency's return, however long the outage lasted.
    /// </summary>
    public TimeSpan OutageRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed attempts after which each further failure of a row is logged as an error rather than a warning.</summary>
    public int ErrorAfterAttempts { get; set; } = 5;

    /// <summary>The readiness check fails once delivery has kept failing against the database for this long.</summary>
    public TimeSpan UnhealthyAfterFailingFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The readiness check fails while a record has waited, or a scheduled one been overdue, for longer than this.</summary>
    public TimeSpan MaxBacklogAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a service without scheduled rows (<c>AddOutboxSweepLoop</c>) sweeps for what its publisher left
    /// unproduced; the orchestrator's outbox is swept by Quartz at <c>Scheduling:SweepInterval</c> instead.
    /// </summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);
}
