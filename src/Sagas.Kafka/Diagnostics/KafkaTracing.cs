using System.Diagnostics;

namespace Sagas.Kafka.Diagnostics;

/// <summary>
/// Our spans around Kafka records, named and tagged after OpenTelemetry's messaging conventions. A record's
/// <c>traceparent</c> is its "create" span, taken when the message is serialized (inside the saga transition or
/// the handler that caused it), so a consumer continues the trace even when an outbox produces the record later.
/// </summary>
internal static class KafkaTracing
{
    const string System = "kafka";

    /// <summary>Starts the span of a message becoming a record, a child of whatever is current; null when nobody listens.</summary>
    public static Activity? StartCreate(string topic, Guid key, Guid messageId, string messageType)
    {
        var activity = KafkaInstrumentation.Source.StartActivity($"{topic} create", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            Tag(activity, "create", topic, key);
            activity.SetTag("messaging.message.id", messageId.ToString("D"));
            activity.SetTag("messaging.message.type", messageType);
        }

        return activity;
    }

    /// <summary>
    /// Starts the span of producing one record, a child of the record's own creation context when it has one (an
    /// outbox relay produces long after, and outside of, the transition that created it), else of the current span.
    /// </summary>
    public static Activity? StartSend(string topic, Guid? key, IReadOnlyDictionary<string, string> headers)
    {
        var parent = TraceContextOf(headers) ?? Activity.Current?.Context ?? default;
        var activity = KafkaInstrumentation.Source.StartActivity($"{topic} send", ActivityKind.Producer, parent);
        if (activity is { IsAllDataRequested: true })
            Tag(activity, "send", topic, key);
        return activity;
    }

    public static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>The W3C trace context headers of a span, to write into a record.</summary>
    public static void Inject(Activity activity, IDictionary<string, string> headers)
    {
        if (activity.IdFormat != ActivityIdFormat.W3C)
            return;

        headers[KafkaHeaders.TraceParent] = activity.Id!;
        if (!string.IsNullOrEmpty(activity.TraceStateString))
            headers[KafkaHeaders.TraceState] = activity.TraceStateString;
    }

    /// <summary>The trace context a record was created in, if its headers carry a valid one.</summary>
    public static ActivityContext? TraceContextOf(IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue(KafkaHeaders.TraceParent, out var traceParent))
            return null;

        headers.TryGetValue(KafkaHeaders.TraceState, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : null;
    }

    static void Tag(Activity activity, string operation, string topic, Guid? key)
    {
        activity.SetTag("messaging.system", System);
        activity.SetTag("messaging.operation.type", operation);
        activity.SetTag("messaging.destination.name", topic);
        if (key is { } sagaId)
            activity.SetTag("messaging.kafka.message.key", sagaId.ToString("D"));
    }
}
