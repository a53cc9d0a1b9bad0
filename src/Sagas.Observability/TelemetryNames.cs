namespace Sagas.Observability;

/// <summary>The sources and meters every host reports; our own are all named <c>Sagas.*</c>.</summary>
public static class TelemetryNames
{
    /// <summary>MassTransit's ActivitySource and Meter (receive, consume, saga spans; message counts and durations).</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>
    /// Ours: <c>Sagas.Kafka</c> (create/send spans, produced, dead-lettered, consumer lag), <c>Sagas.Orchestrator</c>
    /// (sagas started/completed, step durations, compensations), <c>Sagas.Outbox</c> (rows written, records produced,
    /// timeouts fired, backlog and age).
    /// </summary>
    public const string Ours = "Sagas.*";
}
