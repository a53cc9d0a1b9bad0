using Confluent.Kafka;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// In-flight offsets of one assigned partition. Records finish out of order (different keys run in different
/// lanes), so the committable offset is the lowest one not finished: everything below it has finished.
/// Once the partition is being revoked, records not yet started stay unstarted (the next owner gets them)
/// and only the running ones are waited for.
/// </summary>
internal sealed class PartitionOffsets(TopicPartition partition)
{
    readonly Lock _gate = new();
    readonly SortedSet<long> _unfinished = [];
    long _first = Offset.Unset;
    long _next = Offset.Unset;
    long _committed = Offset.Unset;
    int _running;
    bool _revoking;
    TaskCompletionSource? _idle;

    public TopicPartition Partition { get; } = partition;

    /// <summary>Set once the partition was revoked or lost: nothing may be committed for it any more.</summary>
    public bool IsReleased { get; private set; }

    /// <summary>Set once the partition started to be revoked: running records should wrap up.</summary>
    public bool IsRevoking => _revoking;

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
            _next = Math.Max(_next, offset + 1);
        }
    }

    /// <summary>Whether a tracked record may start; false once the partition is being revoked.</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (_revoking || IsReleased)
                return false;
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

    /// <summary>Marks a started record given up on: it stops running but keeps holding commits back.</summary>
    public void Abandon()
    {
        lock (_gate)
            Stopped();
    }

    /// <summary>Stops new records from starting; completes when none runs any more.</summary>
    public Task BeginRevoke()
    {
        lock (_gate)
        {
            _revoking = true;
            if (_running == 0)
                return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    public void Release()
    {
        lock (_gate)
            IsReleased = true;
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
        if (_running == 0)
            _idle?.TrySetResult();
    }
}
