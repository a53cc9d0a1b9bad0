namespace Sagas.Orchestrator.DeadLetters;

/// <summary>
/// What became of one dead-letter record, kept because Kafka cannot delete it: redriven to its original topic or
/// discarded. The key (topic, partition, offset) makes the decision once: a second redrive finds it and produces nothing.
/// </summary>
public sealed class DeadLetterSettlement
{
    public string Topic { get; init; } = "";

    public int Partition { get; init; }

    public long Offset { get; init; }

    public DeadLetterAction Action { get; init; }

    public string Operator { get; init; } = "";

    public string? Reason { get; init; }

    public DateTimeOffset SettledAt { get; init; }
}

/// <summary>What an operator does with a dead-letter record.</summary>
public enum DeadLetterAction
{
    Redrive,
    Discard,
}
