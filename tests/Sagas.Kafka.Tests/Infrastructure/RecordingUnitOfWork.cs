namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>
/// A batch's unit of work over the <see cref="Ledger"/>: it opens the scope's <see cref="LedgerSession"/> and notes each
/// step on the <see cref="Timeline"/>; the <see cref="UnitOfWorkScript"/> can hold or fail its commits.
/// </summary>
public sealed class RecordingUnitOfWork(LedgerSession session, Timeline timeline, UnitOfWorkScript script) : IBatchUnitOfWork
{
    int _unit;

    public Task Begin(IReadOnlyList<RecordIdentity> records, CancellationToken cancellationToken)
    {
        _unit = timeline.NextUnit();
        session.Begin(_unit);
        timeline.Add(new Step(StepKind.Began, _unit, session.Scope));
        return Task.CompletedTask;
    }

    public async Task Commit(CancellationToken cancellationToken)
    {
        await script.BeforeCommit(_unit);
        if (script.FailsCommit())
        {
            timeline.Add(new Step(StepKind.CommitFailed, _unit, session.Scope));
            throw new InvalidOperationException($"Unit of work {_unit} could not commit");
        }

        session.Commit();
        timeline.Add(new Step(StepKind.Committed, _unit, session.Scope));
    }

    public Task Rollback(CancellationToken cancellationToken)
    {
        session.Rollback();
        timeline.Add(new Step(StepKind.RolledBack, _unit, session.Scope));
        return Task.CompletedTask;
    }
}

/// <summary>What the test wants the units of work to do besides committing.</summary>
public sealed class UnitOfWorkScript
{
    int _commitsToFail;

    /// <summary>Runs as each commit starts, with the unit's number.</summary>
    public Func<int, Task> BeforeCommit { get; init; } = _ => Task.CompletedTask;

    /// <summary>How many commits, the first ones, throw instead of committing.</summary>
    public int CommitsToFail
    {
        init => _commitsToFail = value;
    }

    public bool FailsCommit() => Interlocked.Decrement(ref _commitsToFail) >= 0;
}
