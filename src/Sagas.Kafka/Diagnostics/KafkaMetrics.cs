using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Kafka.Diagnostics;

/// <summary>
/// The <c>Sagas.Kafka</c> meter: records produced, records dead-lettered, and consumer lag per topic, partition
/// and group. The meter comes from the host's <see cref="IMeterFactory"/> when it has one (so each host's
/// instruments are its own), else it is created and disposed here.
/// </summary>
internal sealed class KafkaMetrics : IDisposable
{
    readonly Meter _meter;
    readonly bool _ownsMeter;
    readonly Counter<long> _produced;
    readonly Counter<long> _deadLettered;
    readonly ConcurrentDictionary<ConsumerLag, string> _consumers = new();

    public KafkaMetrics(IServiceProvider services)
    {
        var factory = services.GetService<IMeterFactory>();
        _ownsMeter = factory is null;
        _meter = factory?.Create(KafkaInstrumentation.Name) ?? new Meter(KafkaInstrumentation.Name);
        _produced = _meter.CreateCounter<long>("sagas.kafka.records.produced", "{record}", "Records the cluster acknowledged, per topic.");
        _deadLettered = _meter.CreateCounter<long>("sagas.kafka.records.dead_lettered", "{record}",
            "Records moved to a dead-letter topic, per source topic, consumer group and reason (fault, skipped).");
        _meter.CreateObservableGauge("sagas.kafka.consumer.lag", ObserveLag, "{record}",
            "Records between a partition's high watermark and the group's committed offset, per topic, partition and group.");
    }

    public void Produced(string topic) =>
        _produced.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", topic));

    public void DeadLettered(string sourceTopic, string groupId, string reason) =>
        _deadLettered.Add(1, new TagList
        {
            { "messaging.destination.name", sourceTopic },
            { "messaging.consumer.group.name", groupId },
            { "reason", reason },
        });

    /// <summary>Reports a consumer's lag until the returned handle is disposed (before the consumer closes).</summary>
    public IDisposable TrackLag(string groupId, ConsumerLag lag)
    {
        _consumers[lag] = groupId;
        return new Untrack(this, lag);
    }

    public void Dispose()
    {
        if (_ownsMeter)
            _meter.Dispose();
    }

    IEnumerable<Measurement<long>> ObserveLag() =>
        _consumers.SelectMany(consumer => consumer.Key.Measure().Select(partition => new Measurement<long>(partition.Lag, new TagList
        {
            { "messaging.destination.name", partition.Partition.Topic },
            { "messaging.destination.partition.id", partition.Partition.Partition.Value },
            { "messaging.consumer.group.name", consumer.Value },
        })));

    sealed class Untrack(KafkaMetrics metrics, ConsumerLag lag) : IDisposable
    {
        public void Dispose() => metrics._consumers.TryRemove(lag, out _);
    }
}
