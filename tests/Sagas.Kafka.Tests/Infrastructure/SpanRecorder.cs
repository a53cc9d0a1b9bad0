using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>Records every finished span of our Kafka source and MassTransit's, as OpenTelemetry would in a host.</summary>
public sealed class SpanRecorder : IDisposable
{
    readonly ConcurrentQueue<Activity> _finished = new();
    readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is KafkaInstrumentation.Name or "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _finished.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. _finished.Where(span => span.TraceId == traceId)];

    public void Dispose() => _listener.Dispose();
}
