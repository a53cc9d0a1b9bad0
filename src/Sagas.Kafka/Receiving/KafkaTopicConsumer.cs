using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using MassTransit;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Diagnostics;
using Sagas.Kafka.Outages;
using Sagas.Kafka.Readiness;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// The consumer group member of one topic endpoint. A consume loop sorts records into one lane per partition; each
/// lane hands what it has ready to a <see cref="RecordHandler"/> as a batch, in offset order, while different
/// partitions run concurrently up to the concurrency limit and the prefetch limit bounds what is in flight. Each record
/// goes through MassTransit's receive pipeline (observers, retry, sagas) via <see cref="ConsumerAgent{TKey}.Dispatch{TContext}"/>.
/// </summary>
internal sealed class KafkaTopicConsumer : ConsumerAgent<TopicPartitionOffset>
{
    readonly TopicEndpointSettings _settings;
    readonly KafkaOptions _options;
    readonly ILogger _logger;
    readonly IConsumer<byte[], byte[]> _consumer;
    readonly OffsetCheckpointer _checkpointer;
    readonly RecordHandler _handler;
    readonly ConcurrentDictionary<TopicPartition, PartitionLane> _lanes = new();
    readonly SemaphoreSlim _prefetch;
    readonly SemaphoreSlim _running;
    readonly CancellationTokenSource _consumeLoop;
    readonly IDisposable _lagTracking;
    readonly GroupAssignment _assignment;

    public KafkaTopicConsumer(KafkaTopicEndpointContext context)
        : base(context)
    {
        _settings = context.Settings;
        _options = context.Cluster.Options;
        _logger = context.Logger;
        _assignment = context.Assignment;
        _assignment.Waiting();
        _prefetch = new SemaphoreSlim(_settings.PrefetchCount);
        _running = new SemaphoreSlim(_settings.ConcurrencyLimit);
        _consumeLoop = CancellationTokenSource.CreateLinkedTokenSource(Stopping);

        _consumer = new ConsumerBuilder<byte[], byte[]>(context.Cluster.CreateConsumerConfig(_settings.GroupId))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => _logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .Build();
        _checkpointer = new OffsetCheckpointer(_consumer, _options, context.Services.GetRequiredService<OutageMonitor>(), _logger);
        _handler = new RecordHandler(context, _checkpointer, Dispatch, new ConsumerPause(() => _consumer, _settings.Topic, _logger), Stopping, GiveUp);
        _lagTracking = context.Metrics.TrackLag(_settings.GroupId, new ConsumerLag(_consumer, () => _checkpointer.Owned));

        _ = GoReadyAfterStartTimeout();
        TrySetConsumeTask(Task.Run(Consume));
    }

    /// <summary>The fatal librdkafka error that ended this consumer, if one did.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Offsets are tracked per partition assignment, not per record id, so MassTransit's duplicate tracking is not needed.</summary>
    protected override bool IsTrackable(TopicPartitionOffset key) => false;

    async Task Consume()
    {
        // Each record continues its own trace; whatever span was current when the bus started must not adopt them all.
        Activity.Current = null;
        try
        {
            _consumer.Subscribe(_settings.Topic);
            while (!_consumeLoop.IsCancellationRequested)
            {
                var record = ConsumeNext();
                if (record is null)
                {
                    await Task.Delay(_options.RetryBackoff, _consumeLoop.Token);
                    continue;
                }

                await _prefetch.WaitAsync(_consumeLoop.Token);
                var offsets = _checkpointer.Track(record);
                _lanes.GetOrAdd(record.TopicPartition, _ => new PartitionLane(HandleBatch, _settings.MaxBatchSize)).Add(new TrackedRecord(record, offsets));
            }
        }
        catch (OperationCanceledException) when (_consumeLoop.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Consume loop of {Topic} (group {Group}) failed; the endpoint restarts it", _settings.Topic, _settings.GroupId);
            Fault = exception;
            SetNotReady(exception);
        }
    }

    /// <summary>Returns the next record, or null after a transient error (logged) so the loop backs off briefly.</summary>
    ConsumeResult<byte[], byte[]>? ConsumeNext()
    {
        try
        {
            return _consumer.Consume(_consumeLoop.Token);
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal)
        {
            if (exception.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed)
                _assignment.Refused(exception.Error.Reason);
            _logger.LogWarning("Consuming {Topic} failed at {Offset} (key {Key}): {Reason}", _settings.Topic, exception.ConsumerRecord?.TopicPartitionOffset,
                RecordKey.Describe(exception.ConsumerRecord?.Message?.Key), exception.Error.Reason);
            return null;
        }
    }

    /// <summary>
    /// Not cancelled with the loop: on stop, queued records that fill gaps must still run (the handler skips the rest),
    /// so a batch waits for its turn among the partitions without a token.
    /// </summary>
    async Task HandleBatch(IReadOnlyList<TrackedRecord> records)
    {
        await _running.WaitAsync();
        try
        {
            await _handler.Handle(records);
        }
        finally
        {
            _running.Release();
            _prefetch.Release(records.Count);
        }
    }

    /// <summary>
    /// A record that can be neither consumed nor dead-lettered stays uncommitted; the consumer faults so the endpoint
    /// reports unhealthy and restarts from the last commit instead of retrying in place forever.
    /// </summary>
    void GiveUp(ConsumeResult<byte[], byte[]> record, Exception fault)
    {
        _logger.LogCritical(fault, "Record {Offset} (key {Key}) could be neither consumed nor dead-lettered after {Attempts} attempts; restarting the consumer of {Topic}",
            record.TopicPartitionOffset, RecordKey.Describe(record.Message.Key), _options.RetryAttempts, _settings.Topic);
        Fault ??= fault;
        _consumeLoop.Cancel();
    }

    void OnAssigned(List<TopicPartition> partitions)
    {
        _checkpointer.Assigned(partitions);
        _assignment.Assigned(partitions.Count);
        _logger.LogInformation("Group {Group} assigned {Partitions}", _settings.GroupId, partitions.Count == 0 ? "no partitions" : string.Join(", ", partitions));
        SetReady();
    }

    void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        _logger.LogInformation("Group {Group} revoked {Partitions}", _settings.GroupId, string.Join(", ", partitions.Select(p => p.TopicPartition)));
        _assignment.Waiting();
        _checkpointer.Revoked(partitions.Select(p => p.TopicPartition));
    }

    void OnLost(List<TopicPartitionOffset> partitions)
    {
        _logger.LogWarning("Group {Group} lost {Partitions}; their in-flight records will be redelivered to the new owner", _settings.GroupId,
            string.Join(", ", partitions.Select(p => p.TopicPartition)));
        _assignment.Waiting();
        _checkpointer.Lost(partitions.Select(p => p.TopicPartition));
    }

    void OnError(Error error)
    {
        if (_consumeLoop.IsCancellationRequested)
            return;

        if (!error.IsFatal)
        {
            // Connection failures repeat with every reconnect attempt; KafkaConnectivity reports reachability once.
            var level = error.Code is ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown ? LogLevel.Debug : LogLevel.Warning;
            _logger.Log(level, "Kafka consumer of {Topic} (group {Group}): {Code} {Reason}", _settings.Topic, _settings.GroupId, error.Code, error.Reason);
            return;
        }

        _logger.LogError("Fatal Kafka consumer error on {Topic} (group {Group}): {Code} {Reason}; the endpoint restarts", _settings.Topic, _settings.GroupId,
            error.Code, error.Reason);
        Fault = new KafkaException(error);
        _consumeLoop.Cancel();
    }

    /// <summary>
    /// Bounds the bus's start, which waits for its endpoints: the host's readiness does not follow this but the group's
    /// actual assignment (<see cref="GroupAssignment"/>), so a host whose groups have not joined says so.
    /// </summary>
    async Task GoReadyAfterStartTimeout()
    {
        try
        {
            await Task.Delay(_options.StartTimeout, Stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!Ready.IsCompleted)
            _logger.LogWarning("No partitions of {Topic} assigned to group {Group} within {Timeout}; the bus starts, the host stays not ready until the group assigns them",
                _settings.Topic, _settings.GroupId, _options.StartTimeout);
        SetReady();
    }

    /// <summary>
    /// A graceful stop: records after every started one are left for the next owner, running ones and the gaps before
    /// them finish (bounded by <see cref="KafkaOptions.DrainTimeout"/> and the stop's cancellation), then everything
    /// finished is committed synchronously before the consumer leaves the group, so the next owner redoes nothing.
    /// </summary>
    protected override async Task ActiveAndActualAgentsCompleted(StopContext context)
    {
        var drained = _checkpointer.DrainAll();
        await _consumeLoop.CancelAsync();
        try
        {
            await Task.WhenAll(base.ActiveAndActualAgentsCompleted(context), drained).WaitAsync(_options.DrainTimeout, context.CancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            _logger.LogWarning("Records of {Topic} still in flight after {Timeout} or the stop was cancelled; they will be redelivered", _settings.Topic,
                _options.DrainTimeout);
        }

        // Released before the lanes wind down, so what is still queued in them is skipped rather than started.
        _checkpointer.ReleaseAll();
        await WindDownLanes();
        _lagTracking.Dispose();
        Close();
        await _checkpointer.DisposeAsync();
        _consumeLoop.Dispose();
    }

    /// <summary>Waits for the batches still running, but not for ever: one that never returns must not hold up the stop.</summary>
    async Task WindDownLanes()
    {
        try
        {
            await Task.WhenAll(_lanes.Values.Select(lane => lane.Idle)).WaitAsync(_options.DrainTimeout);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("A handler of {Topic} still runs {Timeout} after the drain; stopping without it, its record will be redelivered",
                _settings.Topic, _options.DrainTimeout);
        }
    }

    void Close()
    {
        try
        {
            // Everything was committed and released above, so the revoke handler Close runs has nothing left to do; leaving
            // the group at once hands the partitions over without waiting for the session timeout.
            _consumer.Close();
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Closing the consumer of {Topic} (group {Group}) failed", _settings.Topic, _settings.GroupId);
        }
        finally
        {
            _consumer.Dispose();
        }
    }
}
