namespace Sagas.Scheduling;

/// <summary>
/// How Quartz drives the outbox sweep, which delivers saga timeouts (outbox rows due later) and recovers records no
/// process produced (configuration section <c>Scheduling</c>).
/// </summary>
public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    public TimeoutStore Store { get; set; } = TimeoutStore.Persistent;

    /// <summary>The Quartz scheduler name; every node of one cluster must use the same one.</summary>
    public string SchedulerName { get; set; } = "sagas-timeouts";

    /// <summary>The service whose database holds the Quartz tables: its <c>ConnectionStrings</c> entry, else <c>Persistence:ConnectionString</c>.</summary>
    public string Database { get; set; } = "orchestrator";

    /// <summary>
    /// The SQLite file in <c>Persistence:DataDirectory</c>. Its own file rather than the saga database's, so Quartz's
    /// polling and the sagas do not queue behind one SQLite write lock.
    /// </summary>
    public string SqliteFile { get; set; } = "scheduler.db";

    /// <summary>
    /// Prefix of the Quartz tables (letters, digits, underscores); on PostgreSQL and SQL Server they sit in the schema of
    /// <see cref="Database"/>, and their versions in <c>&lt;prefix&gt;schema_versions</c> there.
    /// </summary>
    public string TablePrefix { get; set; } = "qrtz_";

    /// <summary>
    /// Whether several orchestrator instances share the persistent store, each timeout firing on one of them. PostgreSQL
    /// and SQL Server only: Quartz cannot cluster on SQLite, so a SQLite store must have a single orchestrator instance.
    /// </summary>
    public bool Clustered { get; set; } = true;

    /// <summary>How often a node records that it is alive.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past a missed check-in the other nodes wait before taking over a node's timeouts.</summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the sweep looks for due timeouts and unproduced records: a timeout fires at most this late.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How late a sweep may start before Quartz handles it as misfired (it then waits for its next time).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// While the persistent store's database is down, how long Quartz waits between attempts (its default is 15 s): the
    /// sweep, and with it every timeout, resumes within about this long of the database's return.
    /// </summary>
    public TimeSpan StoreRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an idle scheduler waits before looking for triggers changed by another node.</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);
}
