namespace Sagas.Bench.Invariants;

/// <summary>Whether an invariant held, was broken, or could not be checked with the data at hand.</summary>
public enum InvariantStatus
{
    Held,
    Violated,
    NotChecked,
}

/// <summary>One invariant's verdict, with every violation found (or why it was not checked).</summary>
public sealed record InvariantResult(string Name, InvariantStatus Status, IReadOnlyList<string> Violations, string? Note = null)
{
    public static InvariantResult From(string name, IReadOnlyList<string> violations) =>
        new(name, violations.Count == 0 ? InvariantStatus.Held : InvariantStatus.Violated, violations);

    public static InvariantResult Unchecked(string name, string why) => new(name, InvariantStatus.NotChecked, [], why);
}
