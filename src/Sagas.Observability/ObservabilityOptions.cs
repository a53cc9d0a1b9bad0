using OpenTelemetry.Exporter;

namespace Sagas.Observability;

/// <summary>Where telemetry goes besides the Prometheus endpoint; bound from the <c>Observability</c> section.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>
    /// The OTLP collector (Jaeger takes OTLP directly, e.g. http://jaeger:4317). Unset, the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is used; with neither, nothing is exported over OTLP.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>gRPC (port 4317) by default; HttpProtobuf for port 4318.</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// A client span per database command. Unset, only while traces are exported over OTLP: they are the most numerous
    /// spans (dozens per transfer), and recording them costs CPU on every command, which is pure loss when nothing
    /// collects them.
    /// </summary>
    public bool? DatabaseSpans { get; set; }

    /// <summary>
    /// Whether spans are recorded (timed, tagged, handed to exporters). Unset, only while traces are exported over OTLP or
    /// database spans are asked for;
    /// otherwise traces are only propagated: each request and each consumed record still carries its trace id into log
    /// lines and into the records it causes, but no span is built for a collector that is not there.
    /// </summary>
    public bool? RecordTraces { get; set; }
}
