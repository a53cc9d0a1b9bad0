using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Sagas.Observability.Tests;

/// <summary>
/// Listens to the instruments of one host's meter factory only (other hosts in the test process have their own):
/// counter totals, histogram counts and the latest gauge readings, by instrument and tag set.
/// </summary>
public sealed class MetricsTap : IDisposable
{
    readonly ConcurrentDictionary<string, double> _sums = new();
    readonly ConcurrentDictionary<string, long> _counts = new();
    readonly MeterListener _listener = new();

    public MetricsTap(IMeterFactory hostMeters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, hostMeters) && instrument.Meter.Name.StartsWith("Sagas.", StringComparison.Ordinal))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Sum of what was recorded with exactly these tags (in any order); for a gauge, call <see cref="ReadGauges"/> first.</summary>
    public double Sum(string instrument, params (string Name, object Value)[] tags) => _sums.GetValueOrDefault(Key(instrument, tags));

    /// <summary>How many measurements were recorded with these tags (for a histogram: how many durations).</summary>
    public long Count(string instrument, params (string Name, object Value)[] tags) => _counts.GetValueOrDefault(Key(instrument, tags));

    /// <summary>Latest gauge readings whose tags include all of <paramref name="tags"/>.</summary>
    public IReadOnlyList<double> ReadGauges(string instrument, params (string Name, object Value)[] tags)
    {
        foreach (var key in _sums.Keys.Where(key => key.StartsWith(instrument + "|", StringComparison.Ordinal)))
            _sums.TryRemove(key, out _);
        _listener.RecordObservableInstruments();
        return [.. _sums.Where(pair => pair.Key.StartsWith(instrument + "|", StringComparison.Ordinal)
            && tags.All(tag => pair.Key.Contains($"|{tag.Name}={tag.Value}", StringComparison.Ordinal))).Select(pair => pair.Value)];
    }

    public void Dispose() => _listener.Dispose();

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = Key(instrument.Name, [.. tags.ToArray().Select(tag => (tag.Key, tag.Value ?? ""))]);
        if (instrument.GetType().Name.StartsWith("ObservableGauge", StringComparison.Ordinal))
            _sums[key] = value;
        else
            _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        _counts.AddOrUpdate(key, 1, (_, count) => count + 1);
    }

    static string Key(string instrument, IEnumerable<(string Name, object Value)> tags) =>
        instrument + string.Concat(tags.OrderBy(tag => tag.Name, StringComparer.Ordinal).Select(tag => $"|{tag.Name}={tag.Value}"));
}
