using System.Collections.Concurrent;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>The durable effect of the <see cref="Messages.Work"/> handlers: the sequences whose work was committed, as often as it was.</summary>
public sealed class Ledger
{
    readonly ConcurrentQueue<int> _entries = new();

    public IReadOnlyList<int> Entries => [.. _entries];

    public int CountOf(int sequence) => _entries.Count(entry => entry == sequence);

    public void Add(IEnumerable<int> sequences)
    {
        foreach (var sequence in sequences)
            _entries.Enqueue(sequence);
    }
}

/// <summary>
/// A service scope's connection to the <see cref="Ledger"/>, as a DbContext is to its database: inside a unit of work its
/// writes wait for the commit, outside one each write is committed at once.
/// </summary>
public sealed class LedgerSession(Ledger ledger)
{
    readonly List<int> _pending = [];

    /// <summary>Tells this scope's instance from another's.</summary>
    public Guid Scope { get; } = Guid.NewGuid();

    /// <summary>The unit of work open in this scope, if any.</summary>
    public int? Unit { get; private set; }

    public void Write(int sequence)
    {
        if (Unit is null)
            ledger.Add([sequence]);
        else
            _pending.Add(sequence);
    }

    public void Begin(int unit) => Unit = unit;

    public void Commit()
    {
        ledger.Add(_pending);
        End();
    }

    public void Rollback() => End();

    void End()
    {
        _pending.Clear();
        Unit = null;
    }
}
