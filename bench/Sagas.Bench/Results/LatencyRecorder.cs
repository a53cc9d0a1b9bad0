using HdrHistogram;

namespace Sagas.Bench.Results;

/// <summary>Percentiles of one latency, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs);

/// <summary>Records latencies at microsecond resolution in an HdrHistogram (3 significant digits, up to an hour).</summary>
public sealed class LatencyRecorder
{
    static readonly long HighestMicroseconds = (long)TimeSpan.FromHours(1).TotalMicroseconds;

    readonly LongHistogram _histogram = new(HighestMicroseconds, 3);

    public void Record(TimeSpan latency) =>
        _histogram.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 0, HighestMicroseconds));

    public LatencySummary Summary() => new(_histogram.TotalCount, Ms(_histogram.GetValueAtPercentile(50)),
        Ms(_histogram.GetValueAtPercentile(90)), Ms(_histogram.GetValueAtPercentile(99)), Ms(_histogram.GetValueAtPercentile(99.9)),
        Ms(_histogram.GetMaxValue()), Math.Round(_histogram.GetMean() / 1000, 3));

    static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
