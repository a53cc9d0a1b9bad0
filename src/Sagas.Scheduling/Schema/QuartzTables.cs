namespace Sagas.Scheduling.Schema;

/// <summary>The kinds of column Quartz's ADO.NET store reads and writes; <see cref="QuartzSchemaScript"/> spells each per provider.</summary>
internal enum QuartzColumnType
{
    Text,
    Int,
    Long,
    /// <summary>A repeat count: int on SQL Server, whose Quartz delegate reads it as one; bigint elsewhere.</summary>
    Count,
    Bool,
    Binary,
    Decimal,
}

internal sealed record QuartzColumn(string Name, QuartzColumnType Type, int Length = 0, bool Nullable = false, bool DefaultFalse = false);

internal sealed record QuartzForeignKey(string[] Columns, string Table, bool CascadeDelete);

internal sealed record QuartzTable(string Name, QuartzColumn[] Columns, string[] PrimaryKey, QuartzForeignKey? ForeignKey = null);

internal sealed record QuartzIndex(string Name, string Table, string[] Columns);

/// <summary>
/// The tables Quartz 4.7's AdoJobStore requires (what its start-up validation probes: every table but the optional
/// execution-history ones, which only <c>UseExecutionHistory()</c> reads), with the columns and widths Quartz
/// documents for them. Names are Quartz's, without the table prefix.
/// </summary>
internal static class QuartzTables
{
    static readonly string[] TriggerKey = ["SCHED_NAME", "TRIGGER_NAME", "TRIGGER_GROUP"];
    static readonly string[] JobKey = ["SCHED_NAME", "JOB_NAME", "JOB_GROUP"];
    static readonly QuartzForeignKey OfTrigger = new(TriggerKey, "TRIGGERS", CascadeDelete: true);

    public static readonly IReadOnlyList<QuartzTable> All =
    [
        new("JOB_DETAILS",
        [
            SchedulerName, Text("JOB_NAME", 150), Text("JOB_GROUP", 150), Text("DESCRIPTION", 250, nullable: true),
            Text("JOB_CLASS_NAME", 250), Bool("IS_DURABLE"), Bool("IS_NONCONCURRENT"), Bool("IS_UPDATE_DATA"), Bool("REQUESTS_RECOVERY"),
            Binary("JOB_DATA"),
        ], JobKey),
        new("TRIGGERS",
        [
            SchedulerName, Text("TRIGGER_NAME", 150), Text("TRIGGER_GROUP", 150), Text("JOB_NAME", 150), Text("JOB_GROUP", 150),
            Text("DESCRIPTION", 250, nullable: true), Long("NEXT_FIRE_TIME", nullable: true), Long("PREV_FIRE_TIME", nullable: true),
            Int("PRIORITY", nullable: true), Text("TRIGGER_STATE", 16), Text("TRIGGER_TYPE", 8), Long("START_TIME"),
            Long("END_TIME", nullable: true), Text("CALENDAR_NAME", 200, nullable: true), Int("MISFIRE_INSTR", nullable: true),
            Long("MISFIRE_ORIG_FIRE_TIME", nullable: true), Text("EXECUTION_GROUP", 200, nullable: true),
            Text("PREFERRED_NODE", 200, nullable: true), new("PREFERRED_NODE_AUTO", QuartzColumnType.Bool, DefaultFalse: true),
            Text("RETRY_POLICY", 250, nullable: true), Int("RETRY_ATTEMPT", nullable: true),
            Text("CONTINUES_TRIGGER_NAME", 150, nullable: true), Text("CONTINUES_TRIGGER_GROUP", 150, nullable: true),
            Int("CONTINUATION_CONDITION", nullable: true), Int("OVERLAP_POLICY", nullable: true), Text("PAUSE_REASON", 250, nullable: true),
            Text("PAUSED_BY", 200, nullable: true), Long("PAUSED_AT", nullable: true), Long("MISFIRE_THRESHOLD", nullable: true),
            Bool("FIXED_DELAY", nullable: true), Binary("JOB_DATA"),
        ], TriggerKey, new(JobKey, "JOB_DETAILS", CascadeDelete: false)),
        new("SIMPLE_TRIGGERS",
        [
            SchedulerName, Text("TRIGGER_NAME", 150), Text("TRIGGER_GROUP", 150), new("REPEAT_COUNT", QuartzColumnType.Count),
            Long("REPEAT_INTERVAL"), new("TIMES_TRIGGERED", QuartzColumnType.Count),
        ], TriggerKey, OfTrigger),
        new("CRON_TRIGGERS",
        [
            SchedulerName, Text("TRIGGER_NAME", 150), Text("TRIGGER_GROUP", 150), Text("CRON_EXPRESSION", 250),
            Text("TIME_ZONE_ID", 80, nullable: true),
        ], TriggerKey, OfTrigger),
        new("SIMPROP_TRIGGERS",
        [
            SchedulerName, Text("TRIGGER_NAME", 150), Text("TRIGGER_GROUP", 150), Text("STR_PROP_1", 512, nullable: true),
            Text("STR_PROP_2", 512, nullable: true), Text("STR_PROP_3", 512, nullable: true), Int("INT_PROP_1", nullable: true),
            Int("INT_PROP_2", nullable: true), Long("LONG_PROP_1", nullable: true), Long("LONG_PROP_2", nullable: true),
            new("DEC_PROP_1", QuartzColumnType.Decimal, Nullable: true), new("DEC_PROP_2", QuartzColumnType.Decimal, Nullable: true),
            Bool("BOOL_PROP_1", nullable: true), Bool("BOOL_PROP_2", nullable: true), Text("TIME_ZONE_ID", 80, nullable: true),
        ], TriggerKey, OfTrigger),
        new("BLOB_TRIGGERS",
        [
            SchedulerName, Text("TRIGGER_NAME", 150), Text("TRIGGER_GROUP", 150), Binary("BLOB_DATA"),
        ], TriggerKey, OfTrigger),
        new("CALENDARS",
        [
            SchedulerName, Text("CALENDAR_NAME", 200), new("CALENDAR", QuartzColumnType.Binary),
        ], ["SCHED_NAME", "CALENDAR_NAME"]),
        new("PAUSED_TRIGGER_GRPS",
        [
            SchedulerName, Text("TRIGGER_GROUP", 150), Text("PAUSE_REASON", 250, nullable: true), Text("PAUSED_BY", 200, nullable: true),
            Long("PAUSED_AT", nullable: true),
        ], ["SCHED_NAME", "TRIGGER_GROUP"]),
        new("PAUSED_JOB_GRPS",
        [
            SchedulerName, Text("JOB_GROUP", 150), Text("PAUSE_REASON", 250, nullable: true), Text("PAUSED_BY", 200, nullable: true),
            Long("PAUSED_AT", nullable: true),
        ], ["SCHED_NAME", "JOB_GROUP"]),
        new("FIRED_TRIGGERS",
        [
            SchedulerName, Text("ENTRY_ID", 140), Text("TRIGGER_NAME", 150), Text("TRIGGER_GROUP", 150), Text("INSTANCE_NAME", 200),
            Long("FIRED_TIME"), Long("SCHED_TIME"), Int("PRIORITY"), Text("STATE", 16), Text("JOB_NAME", 150, nullable: true),
            Text("JOB_GROUP", 150, nullable: true), Bool("IS_NONCONCURRENT", nullable: true), Bool("REQUESTS_RECOVERY", nullable: true),
            Text("EXECUTION_GROUP", 200, nullable: true), Int("PROGRESS", nullable: true), Text("PROGRESS_MESSAGE", 250, nullable: true),
            Long("INTERRUPT_REQUESTED_TIME", nullable: true),
        ], ["SCHED_NAME", "ENTRY_ID"]),
        new("SCHEDULER_STATE",
        [
            SchedulerName, Text("INSTANCE_NAME", 200), Long("LAST_CHECKIN_TIME"), Long("CHECKIN_INTERVAL"),
            Text("QUARTZ_VERSION", 20, nullable: true),
        ], ["SCHED_NAME", "INSTANCE_NAME"]),
        new("LOCKS", [SchedulerName, Text("LOCK_NAME", 40)], ["SCHED_NAME", "LOCK_NAME"]),
    ];

    /// <summary>The lookups Quartz filters on: jobs and triggers by group, due triggers by state and time, firings by node.</summary>
    public static readonly IReadOnlyList<QuartzIndex> Indexes =
    [
        new("J_G_N", "JOB_DETAILS", ["SCHED_NAME", "JOB_GROUP", "JOB_NAME"]),
        new("T_J", "TRIGGERS", ["SCHED_NAME", "JOB_NAME", "JOB_GROUP"]),
        new("T_C", "TRIGGERS", ["SCHED_NAME", "CALENDAR_NAME"]),
        new("T_G_N", "TRIGGERS", ["SCHED_NAME", "TRIGGER_GROUP", "TRIGGER_NAME"]),
        new("T_NFT_ST", "TRIGGERS", ["SCHED_NAME", "TRIGGER_STATE", "NEXT_FIRE_TIME", "PRIORITY DESC", "MISFIRE_INSTR"]),
        new("FT_INST_JOB_REQ_RCVRY", "FIRED_TRIGGERS", ["SCHED_NAME", "INSTANCE_NAME", "REQUESTS_RECOVERY"]),
        new("FT_J_G", "FIRED_TRIGGERS", ["SCHED_NAME", "JOB_NAME", "JOB_GROUP"]),
        new("FT_T_G", "FIRED_TRIGGERS", ["SCHED_NAME", "TRIGGER_NAME", "TRIGGER_GROUP"]),
    ];

    static QuartzColumn SchedulerName => Text("SCHED_NAME", 120);

    static QuartzColumn Text(string name, int length, bool nullable = false) => new(name, QuartzColumnType.Text, length, nullable);

    static QuartzColumn Int(string name, bool nullable = false) => new(name, QuartzColumnType.Int, Nullable: nullable);

    static QuartzColumn Long(string name, bool nullable = false) => new(name, QuartzColumnType.Long, Nullable: nullable);

    static QuartzColumn Bool(string name, bool nullable = false) => new(name, QuartzColumnType.Bool, Nullable: nullable);

    static QuartzColumn Binary(string name) => new(name, QuartzColumnType.Binary, Nullable: true);
}
