using Confluent.Kafka;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// In-flight offsets of one assigned partition. Records finish out of order (different keys run in different
/// lanes), so the committable offset is the lowest one not finished: everything below it has finished.
/// Once the partition drains (it is revoked, or the consumer stops), records above every started one stay
/// unstarted for the next owner, while those below it still run: they are gaps holding back the commit of
/// records already finished after them, which the next owner would otherwise redo.
/// </summary>
internal sealed class PartitionOffsets(TopicPartition partition)
{
    readonly Lock _gate = new();
    readonly SortedSet<long> _unfinished = [];
    readonly SortedSet<long> _unstarted = [];
    long _first = Offset.Unset;
    long _next = Offset.Unset;
    long _committed = Offset.Unset;
    long _startedUpTo = Offset.Unset;
    long _startBelow = long.MaxValue;
    int _running;
    bool _draining;
    TaskCompletionSource? _drained;

    public TopicPartition Partition { get; } = partition;

    /// <summary>Set once the partition was revoked or lost: nothing may be committed for it any more.</summary>
    public bool IsReleased { get; private set; }

    /// <summary>Set once the partition started to drain: running records should wrap up.</summary>
    public bool IsDraining => _draining;

    /// <summary>
    /// The group's committed offset as this member knows it: its last commit, or before that the first offset it
    /// was given (where the group's commit stood at assignment); null until a record was tracked.
    /// </summary>
    public long? CommittedPosition
    {
        get
        {
            lock (_gate)
                return _committed != Offset.Unset ? _committed : _first != Offset.Unset ? _first : null;
        }
    }

    public void Track(long offset)
    {
        lock (_gate)
        {
            if (_first == Offset.Unset)
                _first = offset;
            _unfinished.Add(offset);
            _unstarted.Add(offset);
            _next = Math.Max(_next, offset + 1);
        }
    }

    /// <summary>Whether a tracked record may start: not once released, and while draining only if it fills a gap.</summary>
    public bool TryStart(long offset)
    {
        lock (_gate)
        {
            if (IsReleased || offset >= _startBelow)
                return false;
            _unstarted.Remove(offset);
            _startedUpTo = Math.Max(_startedUpTo, offset + 1);
            _running++;
            return true;
        }
    }

    /// <summary>Marks a started record finished (consumed or dead-lettered): its offset no longer holds commits back.</summary>
    public void Finish(long offset)
    {
        lock (_gate)
        {
            _unfinished.Remove(offset);
            Stopped();
        }
    }

    /// <summary>
    /// Marks a started record given up on: it stops running but keeps holding commits back, and nothing after it starts
    /// any more, since the partition is read again from before it and a later record of its key must not overtake it.
    /// </summary>
    public void Abandon(long offset)
    {
        lock (_gate)
        {
            _startBelow = Math.Min(_startBelow, offset);
            Stopped();
        }
    }

    /// <summary>
    /// Lets no record start above those started so far; completes once nothing runs and every record below them
    /// started, so all that finished can be committed.
    /// </summary>
    public Task Drain()
    {
        lock (_gate)
        {
            if (!_draining)
            {
                _draining = true;
                _startBelow = Math.Min(_startBelow, _startedUpTo);
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            CompleteDrainIfIdle();
            return _drained!.Task;
        }
    }

    /// <summary>Nothing starts once released, so a drain still waiting for a gap ends too.</summary>
    public void Release()
    {
        lock (_gate)
        {
            IsReleased = true;
            _drained?.TrySetResult();
        }
    }

    /// <summary>The offset to commit (the next one to consume) if it moved since the last commit.</summary>
    public Offset? TakeUncommitted()
    {
        lock (_gate)
        {
            if (_next == Offset.Unset)
                return null;

            var committable = _unfinished.Count == 0 ? _next : _unfinished.Min;
            if (committable <= _committed)
                return null;
            _committed = committable;
            return committable;
        }
    }

    /// <summary>Forgets a commit that failed, so the next checkpoint tries it again.</summary>
    public void CommitFailed(Offset offset)
    {
        lock (_gate)
        {
            if (_committed == offset.Value)
                _committed = Offset.Unset;
        }
    }

    void Stopped()
    {
        _running--;
        CompleteDrainIfIdle();
    }

    void CompleteDrainIfIdle()
    {
        if (_draining && _running == 0 && (_unstarted.Count == 0 || _unstarted.Min >= _startBelow))
            _drained!.TrySetResult();
    }
}
