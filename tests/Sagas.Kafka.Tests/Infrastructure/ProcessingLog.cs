using System.Collections.Concurrent;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>What consumers did, shared by every bus of a test: completions in order, and how much overlapped.</summary>
public sealed class ProcessingLog
{
    readonly ConcurrentQueue<Observation> _completed = new();
    readonly ConcurrentDictionary<Guid, int> _inFlightPerKey = new();
    readonly ConcurrentDictionary<int, int> _inFlightPerPartition = new();
    int _inFlight;

    public TimeSpan Work { get; init; } = TimeSpan.FromMilliseconds(2);

    public int MaxConcurrency { get; private set; }

    /// <summary>Records whose handler is running now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxConcurrencyPerKey { get; private set; }

    public int MaxConcurrencyPerPartition { get; private set; }

    public IReadOnlyList<Observation> Completed => [.. _completed];

    public int DistinctCount => _completed.Select(o => (o.Key, o.Sequence)).Distinct().Count();

    public async Task Record(Numbered message, ConsumeContext context, string consumer)
    {
        var record = context.ReceiveContext.GetPayload<ConsumeResult<byte[], byte[]>>();
        var inFlight = Interlocked.Increment(ref _inFlight);
        var forKey = _inFlightPerKey.AddOrUpdate(message.CorrelationId, 1, (_, n) => n + 1);
        var forPartition = _inFlightPerPartition.AddOrUpdate(record.Partition.Value, 1, (_, n) => n + 1);
        lock (_completed)
        {
            MaxConcurrency = Math.Max(MaxConcurrency, inFlight);
            MaxConcurrencyPerKey = Math.Max(MaxConcurrencyPerKey, forKey);
            MaxConcurrencyPerPartition = Math.Max(MaxConcurrencyPerPartition, forPartition);
        }

        try
        {
            await Task.Delay(Work);
        }
        finally
        {
            _inFlightPerPartition.AddOrUpdate(record.Partition.Value, 0, (_, n) => n - 1);
            _inFlightPerKey.AddOrUpdate(message.CorrelationId, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _inFlight);
        }

        // A record handled in a batch shares the batch's service scope, which rides on its receive context.
        var inBatch = context.ReceiveContext.TryGetPayload<IServiceScope>(out _);
        _completed.Enqueue(new Observation(message.CorrelationId, message.Sequence, record.Partition.Value, record.Offset.Value, consumer, inBatch));
    }

    /// <summary>
    /// Per-key order under at-least-once: the first completion of n comes after the first completion of n - 1
    /// (a redelivered record may repeat, but nothing may overtake).
    /// </summary>
    public IEnumerable<string> OrderViolations()
    {
        foreach (var key in _completed.GroupBy(o => o.Key))
        {
            var firsts = key.Select(o => o.Sequence).Distinct().ToList();
            if (!firsts.SequenceEqual(Enumerable.Range(0, firsts.Count)))
                yield return $"{key.Key}: {string.Join(",", key.Select(o => o.Sequence))}";
        }
    }

    /// <summary>Per-partition order: the first completions of a partition's records come in offset order.</summary>
    public IEnumerable<string> PartitionOrderViolations()
    {
        foreach (var partition in _completed.GroupBy(o => o.Partition))
        {
            var firsts = partition.Select(o => o.Offset).Distinct().ToList();
            if (!firsts.SequenceEqual(firsts.Order()))
                yield return $"partition {partition.Key}: {string.Join(",", partition.Select(o => o.Offset))}";
        }
    }
}

public sealed record Observation(Guid Key, int Sequence, int Partition, long Offset, string Consumer, bool InBatch);

/// <summary>Names the bus a consumer ran in, so a test can tell which member processed what.</summary>
public sealed record BusName(string Value);

public sealed class NumberedConsumer(ProcessingLog log, BusName bus) : IConsumer<Numbered>
{
    public Task Consume(ConsumeContext<Numbered> context) => log.Record(context.Message, context, bus.Value);
}
