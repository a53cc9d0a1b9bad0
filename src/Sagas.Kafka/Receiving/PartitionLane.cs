namespace Sagas.Kafka.Receiving;

/// <summary>
/// The records of one partition waiting to be handled. They are handled in offset order, one batch at a time: while a
/// batch runs, whatever arrives queues behind it and becomes the next batch, so under load batches grow by themselves
/// and at rest a record is handled alone the moment it arrives.
/// </summary>
internal sealed class PartitionLane(Func<IReadOnlyList<TrackedRecord>, Task> handle, int maxBatchSize)
{
    readonly Lock _gate = new();
    readonly Queue<TrackedRecord> _waiting = new();
    Task _draining = Task.CompletedTask;
    bool _busy;

    /// <summary>Completes once nothing of this lane is waiting or running.</summary>
    public Task Idle
    {
        get
        {
            lock (_gate)
                return _draining;
        }
    }

    public void Add(TrackedRecord record)
    {
        lock (_gate)
        {
            _waiting.Enqueue(record);
            if (_busy)
                return;
            _busy = true;
            _draining = Task.Run(Drain);
        }
    }

    /// <summary><paramref name="handle"/> never throws: it settles every record it is given, one way or another.</summary>
    async Task Drain()
    {
        while (true)
        {
            var batch = new List<TrackedRecord>();
            lock (_gate)
            {
                while (batch.Count < maxBatchSize && _waiting.TryDequeue(out var record))
                    batch.Add(record);
                if (batch.Count == 0)
                {
                    _busy = false;
                    return;
                }
            }

            await handle(batch);
        }
    }
}
