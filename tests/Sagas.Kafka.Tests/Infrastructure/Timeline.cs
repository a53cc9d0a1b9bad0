namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>What the handlers and units of work of a test did, in the order they did it.</summary>
public sealed class Timeline
{
    readonly Lock _gate = new();
    readonly List<Step> _steps = [];
    int _units;

    public IReadOnlyList<Step> Steps
    {
        get
        {
            lock (_gate)
                return [.. _steps];
        }
    }

    /// <summary>Units of work, each with the steps that happened in it, in the order they began.</summary>
    public IReadOnlyList<IGrouping<int, Step>> Units => [.. Steps.Where(step => step.Unit is not null).GroupBy(step => step.Unit!.Value)];

    /// <summary>The attempts to handle <paramref name="sequence"/>, in order.</summary>
    public IReadOnlyList<Step> AttemptsOf(int sequence) => [.. Steps.Where(step => step.Kind == StepKind.Handled && step.Sequence == sequence)];

    /// <summary>Handlings that ran outside any unit of work, in order.</summary>
    public IReadOnlyList<Step> Alone => [.. Steps.Where(step => step.Kind == StepKind.Handled && step.Unit is null)];

    public int NextUnit() => Interlocked.Increment(ref _units);

    /// <summary>Notes a step and returns how many steps of its kind and sequence there are now (the attempt number of a handling).</summary>
    public int Add(Step step)
    {
        lock (_gate)
        {
            _steps.Add(step);
            return _steps.Count(s => s.Kind == step.Kind && s.Sequence == step.Sequence);
        }
    }
}

public enum StepKind
{
    Began,
    Handled,
    Committed,
    CommitFailed,
    RolledBack,
}

/// <summary>One step: in which unit of work (null: none) and service scope it happened, and for a handling which record.</summary>
public sealed record Step(StepKind Kind, int? Unit, Guid Scope, int? Sequence = null, long? Offset = null);
