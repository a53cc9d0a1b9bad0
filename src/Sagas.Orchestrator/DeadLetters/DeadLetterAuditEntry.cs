namespace Sagas.Orchestrator.DeadLetters;

/// <summary>One operator action on a dead-letter record, whatever came of it: who, when, why, and the outcome.</summary>
public sealed class DeadLetterAuditEntry
{
    /// <summary>Assigned by the database; the order the actions were recorded in.</summary>
    public long Id { get; private set; }

    public DateTimeOffset At { get; init; }

    public string Operator { get; init; } = "";

    public DeadLetterAction Action { get; init; }

    public string Topic { get; init; } = "";

    public int Partition { get; init; }

    public long Offset { get; init; }

    public string? Reason { get; init; }

    public DeadLetterOutcome Outcome { get; init; }
}

/// <summary>What an action on a dead-letter record came to.</summary>
public enum DeadLetterOutcome
{
    /// <summary>Recorded, and its copy written to the outbox, which produces it to the original topic.</summary>
    Redriven,

    /// <summary>Recorded as discarded; the list no longer offers it.</summary>
    Discarded,

    /// <summary>It was redriven before; nothing is produced again.</summary>
    AlreadyRedriven,

    /// <summary>It was discarded before.</summary>
    AlreadyDiscarded,

    /// <summary>The dead-letter topic holds no record at that position.</summary>
    NotFound,

    /// <summary>Its key is not a saga id, which every record of the platform is keyed by, so no copy can keep it.</summary>
    NotRedrivable,
}
