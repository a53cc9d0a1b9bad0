using Confluent.Kafka;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// In-flight offsets of one assigned partition. Records finish out of order (different keys run in different
/// lanes), so the committable offset is the lowest one still in flight: everything below it has finished.
/// </summary>
internal sealed class PartitionOffsets(TopicPartition partition)
{
    readonly Lock _gate = new();
    readonly SortedSet<long> _inFlight = [];
    long _next = Offset.Unset;
    long _committed = Offset.Unset;
    TaskCompletionSource? _drained;

    public TopicPartition Partition { get; } = partition;

    /// <summary>Set when the partition was revoked or lost: later completions must not store offsets for it.</summary>
    public bool IsReleased { get; private set; }

    public void Track(long offset)
    {
        lock (_gate)
        {
            _inFlight.Add(offset);
            _next = Math.Max(_next, offset + 1);
        }
    }

    /// <summary>Marks a record finished; returns the offset now safe to commit (the next one to consume), if any.</summary>
    public Offset? Finish(long offset)
    {
        lock (_gate)
        {
            if (!_inFlight.Remove(offset))
                return null;

            if (_inFlight.Count == 0)
                _drained?.TrySetResult();

            return Committable();
        }
    }

    public Offset? Committable()
    {
        lock (_gate)
        {
            if (_next == Offset.Unset)
                return null;
            return _inFlight.Count == 0 ? _next : _inFlight.Min;
        }
    }

    /// <summary>Completes when nothing is in flight any more.</summary>
    public Task Drained()
    {
        lock (_gate)
        {
            if (_inFlight.Count == 0)
                return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    public void Release() => IsReleased = true;

    /// <summary>The committable offset if it moved since the last call that returned one.</summary>
    public Offset? TakeUncommitted()
    {
        lock (_gate)
        {
            var committable = Committable();
            if (committable is not { } offset || offset.Value <= _committed)
                return null;
            _committed = offset.Value;
            return offset;
        }
    }
}
