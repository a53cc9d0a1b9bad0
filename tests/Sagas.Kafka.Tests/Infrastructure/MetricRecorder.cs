using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>Listens to the Sagas.Kafka meter: counter totals and the latest gauge readings, by instrument and topic.</summary>
public sealed class MetricRecorder : IDisposable
{
    readonly ConcurrentDictionary<(string Instrument, string Topic), long> _totals = new();
    readonly ConcurrentDictionary<(string Instrument, string Topic, int Partition), long> _gauges = new();
    readonly MeterListener _listener = new();

    public MetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KafkaInstrumentation.Name)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.Start();
    }

    public long Total(string instrument, string topic) => _totals.GetValueOrDefault((instrument, topic));

    /// <summary>Reads the gauges now and returns the topic's readings by partition.</summary>
    public IReadOnlyDictionary<int, long> Gauge(string instrument, string topic)
    {
        _gauges.Clear();
        _listener.RecordObservableInstruments();
        return _gauges.Where(g => g.Key.Instrument == instrument && g.Key.Topic == topic).ToDictionary(g => g.Key.Partition, g => g.Value);
    }

    public void Dispose() => _listener.Dispose();

    void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? topic = null;
        int? partition = null;
        foreach (var (name, tagValue) in tags)
        {
            if (name == "messaging.destination.name")
                topic = tagValue as string;
            else if (name == "messaging.destination.partition.id")
                partition = tagValue as int?;
        }

        if (topic is null)
            return;
        if (instrument is ObservableGauge<long>)
            _gauges[(instrument.Name, topic, partition ?? -1)] = value;
        else
            _totals.AddOrUpdate((instrument.Name, topic), value, (_, total) => total + value);
    }
}
