using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Outages;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// At-least-once bookkeeping of one consumer: a partition's offset is committed only once every record before
/// it finished; commits are batched (every <see cref="KafkaOptions.CheckpointCount"/> finished records or every
/// <see cref="KafkaOptions.CheckpointInterval"/>), and a revoked partition drains (bounded) and commits before
/// it is let go. librdkafka's own auto-commit stays off, so no commit can move an offset backwards. Commits that fail
/// because the cluster is down are told to the <see cref="OutageMonitor"/>, not logged one by one.
/// </summary>
internal sealed class OffsetCheckpointer : IAsyncDisposable
{
    readonly ConcurrentDictionary<TopicPartition, PartitionOffsets> _partitions = new();
    readonly IConsumer<byte[], byte[]> _consumer;
    readonly KafkaOptions _options;
    readonly ILogger _logger;
    readonly OutageMonitor _outages;
    readonly Lock _commitGate = new();
    readonly SemaphoreSlim _commitRequested = new(0, 1);
    readonly CancellationTokenSource _stop = new();
    readonly Task _commitLoop;
    int _finishedSinceCommit;
    string? _down;

    public OffsetCheckpointer(IConsumer<byte[], byte[]> consumer, KafkaOptions options, OutageMonitor outages, ILogger logger)
    {
        _consumer = consumer;
        _options = options;
        _outages = outages;
        _logger = logger;
        _commitLoop = Task.Run(CommitPeriodically);
    }

    /// <summary>The partitions this consumer owns now.</summary>
    public IEnumerable<PartitionOffsets> Owned => _partitions.Values;

    public void Assigned(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
            _partitions[partition] = new PartitionOffsets(partition);
    }

    public PartitionOffsets Track(ConsumeResult<byte[], byte[]> result)
    {
        var offsets = _partitions.GetOrAdd(result.TopicPartition, partition => new PartitionOffsets(partition));
        offsets.Track(result.Offset);
        return offsets;
    }

    public void Finished(PartitionOffsets offsets, long offset)
    {
        offsets.Finish(offset);
        if (offsets.IsReleased)
            return;

        if (Interlocked.Increment(ref _finishedSinceCommit) >= _options.CheckpointCount && _commitRequested.CurrentCount == 0)
        {
            try
            {
                _commitRequested.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another record asked for the same commit a moment ago.
            }
        }
    }

    /// <summary>
    /// Runs on the consume thread inside the rebalance: records after every started one are left to the next owner,
    /// running ones and the gaps before them are waited for (bounded), then everything finished is committed.
    /// </summary>
    public void Revoked(IEnumerable<TopicPartition> partitions)
    {
        var released = partitions.Select(partition => _partitions.TryRemove(partition, out var offsets) ? offsets : null).OfType<PartitionOffsets>().ToList();
        if (released.Count == 0)
            return;

        if (!Task.WhenAll(released.Select(offsets => offsets.Drain())).Wait(_options.DrainTimeout))
            _logger.LogWarning("Revoked partitions {Partitions} did not drain within {Timeout}; their unfinished records will be redelivered", string.Join(", ", released.Select(p => p.Partition)), _options.DrainTimeout);

        released.ForEach(offsets => offsets.Release());
        CommitFinished(released);
    }

    /// <summary>Partitions lost to a session timeout belong to someone else already: nothing may be committed for them.</summary>
    public void Lost(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_partitions.TryRemove(partition, out var offsets))
                offsets.Release();
        }
    }

    /// <summary>On shutdown: completes once every owned partition drained (see <see cref="PartitionOffsets.Drain"/>).</summary>
    public Task DrainAll() => Task.WhenAll(_partitions.Values.Select(offsets => offsets.Drain()));

    /// <summary>On shutdown, after the drain: commits what finished and lets every partition go, so nothing else starts.</summary>
    public void ReleaseAll()
    {
        var released = _partitions.Keys.Select(partition => _partitions.TryRemove(partition, out var offsets) ? offsets : null).OfType<PartitionOffsets>().ToList();
        released.ForEach(offsets => offsets.Release());
        CommitFinished(released);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _commitLoop;
        _stop.Dispose();
        _commitRequested.Dispose();
    }

    async Task CommitPeriodically()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _commitRequested.WaitAsync(_options.CheckpointInterval, _stop.Token);
                Interlocked.Exchange(ref _finishedSinceCommit, 0);
                CommitFinished(_partitions.Values);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    void CommitFinished(IEnumerable<PartitionOffsets> partitions)
    {
        lock (_commitGate)
        {
            var pending = partitions
                .Select(p => (partition: p, offset: p.TakeUncommitted()))
                .Where(x => x.offset is not null)
                .ToList();
            if (pending.Count == 0)
                return;

            var offsets = pending.Select(x => new TopicPartitionOffset(x.partition.Partition, x.offset!.Value)).ToList();
            try
            {
                _consumer.Commit(offsets);
                _logger.LogDebug("Committed {Offsets}", string.Join(", ", offsets));
                if (_down is { } dependency)
                    _outages.Succeeded(dependency);
                _down = null;
            }
            catch (KafkaException exception)
            {
                pending.ForEach(x => x.partition.CommitFailed(x.offset!.Value));
                if (TransientFailure.Find(exception) is { } cause)
                {
                    _down = cause.Dependency;
                    _outages.Failed(cause.Dependency, exception.Error.Reason);
                }
                else
                {
                    _logger.LogWarning("Committing {Offsets} failed ({Reason}); if the partitions move now, the next owner gets these records again",
                        string.Join(", ", offsets), exception.Error.Reason);
                }
            }
        }
    }
}
