using Confluent.Kafka;
using MassTransit;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Batching;
using Sagas.Kafka.Outages;
using Sagas.Kafka.Sending;

namespace Sagas.Kafka.Receiving;

/// <summary>Hands a record's receive context to MassTransit's dispatcher (the consumer agent's <c>Dispatch</c>).</summary>
internal delegate Task RecordDispatcher(TopicPartitionOffset key, KafkaReceiveContext context, ReceiveLockContext receiveLock);

/// <summary>
/// Runs the records of one partition's batch. With a unit of work configured (<see cref="IBatchUnitOfWork"/>), the
/// batch's pipelines share one service scope and one unit of work, committed once; what they sent is produced after the
/// commit, and only then are their offsets finished. When any record fails, the unit of work rolls back and the records
/// run again one at a time, each with MassTransit's retries and the DLQ, as they do on an endpoint without one. A failure
/// that says a dependency is down (<see cref="TransientFailure"/>) is neither: the records are held, the consumer paused,
/// and the same records tried again until the dependency is back (<see cref="OutageWait"/>); they never reach the DLQ for it.
/// </summary>
internal sealed class RecordHandler(KafkaTopicEndpointContext context, OffsetCheckpointer checkpointer, RecordDispatcher dispatch,
    ConsumerPause pause, CancellationToken stopping, Action<ConsumeResult<byte[], byte[]>, Exception> giveUp)
{
    readonly KafkaOptions _options = context.Cluster.Options;
    readonly ILogger _logger = context.Logger;
    readonly OutageMonitor _outages = context.Services.GetRequiredService<OutageMonitor>();

    /// <summary>Settles every record given: finished, or abandoned to be read again. Never throws.</summary>
    public async Task Handle(IReadOnlyList<TrackedRecord> records)
    {
        // A lane outlives an assignment of its partition: records queued before a revoke (or loss) are no longer ours, but
        // those behind them were fetched again for the assignment after it, which this member may have been given back.
        // Within that assignment offsets only grow, so the records that may start are a prefix of the rest.
        var started = records.SkipWhile(record => record.Offsets.IsReleased).TakeWhile(record => record.Offsets.TryStart(record.Offset)).ToList();
        if (started.Count == 0)
            return;

        if (started.Count > 1 && context.Settings.UnitOfWork is { } unitOfWork && await AsOneUnit(started, unitOfWork))
            return;

        for (var i = 0; i < started.Count; i++)
        {
            if (!await HandleAlone(started[i]))
            {
                // The partition is read again from the abandoned record on: nothing after it may overtake it.
                foreach (var rest in started.Skip(i + 1))
                    rest.Offsets.Abandon(rest.Offset);
                return;
            }
        }
    }

    /// <summary>
    /// Runs the records as one unit of work, again and again while a dependency is down; true once they are settled
    /// (committed, or given up to whoever reads the partition next), false when they failed and must run one at a time.
    /// </summary>
    async Task<bool> AsOneUnit(List<TrackedRecord> records, Func<IServiceProvider, IBatchUnitOfWork> createUnitOfWork)
    {
        var outage = new OutageWait(_outages, _options, pause, records.Count, stopping);
        try
        {
            while (true)
            {
                var fault = await TryAsOneUnit(records, createUnitOfWork);
                if (fault is null || TransientFailure.Find(fault) is not { } cause)
                {
                    outage.Passed();
                    return fault is null;
                }

                if (!await outage.Wait(cause, () => records.Any(record => record.Offsets.IsDraining || record.Offsets.IsReleased)))
                {
                    // The partition is read again from the first of them on, by this member or the next owner.
                    foreach (var record in records)
                        record.Offsets.Abandon(record.Offset);
                    return true;
                }
            }
        }
        finally
        {
            outage.Release();
        }
    }

    /// <summary>One attempt at the records as one unit of work: null once committed and sent, else why not.</summary>
    async Task<Exception?> TryAsOneUnit(List<TrackedRecord> records, Func<IServiceProvider, IBatchUnitOfWork> createUnitOfWork)
    {
        var attempt = new BatchAttempt();
        var sends = new PendingRecords();
        var scope = context.Services.CreateScope();
        try
        {
            var unitOfWork = createUnitOfWork(scope.ServiceProvider);
            await unitOfWork.Begin([.. records.Select(record => record.Identity)], CancellationToken.None);
            var committed = false;
            try
            {
                foreach (var record in records)
                {
                    if ((await DispatchOnce(record.Record, sends, scope, attempt) ?? attempt.Fault) is { } fault)
                    {
                        attempt.Failed(fault);
                        break;
                    }
                }

                if (attempt.Fault is null)
                {
                    await unitOfWork.Commit(CancellationToken.None);
                    committed = true;
                }
            }
            finally
            {
                if (!committed)
                    await RollBack(unitOfWork);
            }

            if (!committed)
            {
                _logger.LogDebug(attempt.Fault, "A batch of {Count} records from {Partition} was rolled back", records.Count, records[0].Record.TopicPartition);
                return attempt.Fault;
            }
        }
        catch (Exception exception)
        {
            // An outage is reported by the outage wait, once; only a failure of the batch's own is worth a stack trace.
            if (!TransientFailure.IsTransient(exception))
                _logger.LogWarning(exception, "A batch of {Count} records from {Partition} could not commit; running them one at a time", records.Count,
                    records[0].Record.TopicPartition);
            return exception;
        }
        finally
        {
            await ((IAsyncDisposable)scope).DisposeAsync();
        }

        try
        {
            // Not cancelled by a stop: what a committed batch answered must go out before its offsets do (a produce is
            // bounded by Kafka:ProduceTimeout), or the next owner would answer the same records again.
            await sends.Flush(context.Producer, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The commit stands; running the records again gets the same answers from idempotent handlers, sent again.
            if (!TransientFailure.IsTransient(exception))
                _logger.LogWarning(exception, "What a batch of {Count} records from {Partition} sent could not be produced; running them again one at a time",
                    records.Count, records[0].Record.TopicPartition);
            return exception;
        }

        foreach (var record in records)
            checkpointer.Finished(record.Offsets, record.Offset);
        return null;
    }

    async Task RollBack(IBatchUnitOfWork unitOfWork)
    {
        try
        {
            await unitOfWork.Rollback(CancellationToken.None);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Rolling back a batch of {Topic} failed", context.Settings.Topic);
        }
    }

    /// <summary>
    /// Runs one record, with MassTransit's retries and the DLQ. While a dependency it needs is down it is held and tried
    /// again (see <see cref="OutageWait"/>) without counting attempts. Only a record that could not even be dead-lettered is
    /// tried again here, with a backoff, up to <see cref="KafkaOptions.RetryAttempts"/>; false when it was abandoned.
    /// </summary>
    async Task<bool> HandleAlone(TrackedRecord tracked)
    {
        var record = tracked.Record;
        var outage = new OutageWait(_outages, _options, pause, 1, stopping);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var sends = new PendingRecords();
                var fault = await DispatchOnce(record, sends, scope: null, batch: null);
                if (fault is null)
                    fault = await TryFlush(sends);
                if (fault is not null && TransientFailure.Find(fault) is { } cause)
                {
                    attempt = 0;
                    if (await outage.Wait(cause, () => tracked.Offsets.IsDraining || tracked.Offsets.IsReleased))
                        continue;
                    break;
                }

                outage.Passed();
                if (fault is null)
                {
                    checkpointer.Finished(tracked.Offsets, tracked.Offset);
                    return true;
                }

                if (stopping.IsCancellationRequested || tracked.Offsets.IsDraining || tracked.Offsets.IsReleased)
                    break;

                if (attempt >= _options.RetryAttempts)
                {
                    giveUp(record, fault);
                    break;
                }

                var delay = Backoff(attempt);
                _logger.LogError(fault, "Record {Offset} (key {Key}) could not be consumed nor dead-lettered; retrying in {Delay}", record.TopicPartitionOffset,
                    RecordKey.Describe(record.Message.Key), delay);
                await Task.Delay(delay, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            outage.Release();
        }

        tracked.Offsets.Abandon(tracked.Offset);
        return false;
    }

    async Task<Exception?> TryFlush(PendingRecords sends)
    {
        try
        {
            await sends.Flush(context.Producer, CancellationToken.None);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    async Task<Exception?> DispatchOnce(ConsumeResult<byte[], byte[]> record, PendingRecords sends, IServiceScope? scope, BatchAttempt? batch)
    {
        var lockContext = new RecordLockContext();
        var hold = new OutageHold();
        object[] payloads = (scope, batch) switch
        {
            (null, _) => [hold],
            (_, null) => [scope, hold],
            _ => [scope, batch],
        };
        using var receiveContext = new KafkaReceiveContext(record, context, sends, payloads);
        using var logScope = _logger.BeginScope(LogScope(record));
        try
        {
            await dispatch(record.TopicPartitionOffset, receiveContext, lockContext);

            // A record that failed every attempt (and went to the DLQ), or that waits for a dependency, changed nothing, so
            // what its handlers sent before failing must not go out: it would announce work that was never done.
            if (receiveContext.IsFaulted || hold.Fault is not null)
                sends.Clear();
            return lockContext.Fault ?? hold.Fault;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>Every line logged while a record is handled names the saga it belongs to and where it came from.</summary>
    static Dictionary<string, object> LogScope(ConsumeResult<byte[], byte[]> record) => new()
    {
        [LogScopeNames.SagaId] = RecordKey.Describe(record.Message.Key),
        [LogScopeNames.Topic] = record.Topic,
        [LogScopeNames.Partition] = record.Partition.Value,
        [LogScopeNames.Offset] = record.Offset.Value,
    };

    TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(_options.RetryMaxBackoff.Ticks, _options.RetryBackoff.Ticks << Math.Min(attempt - 1, 16)));
}
