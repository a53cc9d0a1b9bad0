using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sagas.Observability.Health;
using Sagas.Observability.Startup;

namespace Sagas.Observability;

public static class ObservabilityExtensions
{
    const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    const string MetricsPath = "/metrics";
    const string HealthCheckLogCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";
    static readonly PathString[] Untraced = ["/health", MetricsPath];

    /// <summary>
    /// Traces (ASP.NET Core, HttpClient, MassTransit, Sagas.*, and EF Core when exported or asked for, see
    /// <see cref="ObservabilityOptions.DatabaseSpans"/>; recorded only when exported or asked for, see
    /// <see cref="ObservabilityOptions.RecordTraces"/>), metrics (the same plus the runtime) for the Prometheus endpoint
    /// and, when an endpoint is configured, OTLP; console logs with trace ids and scopes; the readiness gate.
    /// </summary>
    public static IHostApplicationBuilder AddSagasObservability(this IHostApplicationBuilder builder, string serviceName,
        ConsoleLogFormat defaultLogFormat = ConsoleLogFormat.Json)
    {
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section);
        InfrastructureLogLevels.Configure(builder);
        ConsoleLogs.Configure(builder, defaultLogFormat);
        AddStartupSummary(builder.Services, serviceName);
        builder.Services.AddSagasReadiness();
        // The health check service logs every failing check as an error on every run; while a host starts, the readiness
        // gate runs them four times a second. What is not ready is in the health JSON and in the gate's own log line.
        builder.Logging.AddFilter(HealthCheckLogCategory, LogLevel.Critical);

        var exporting = options.OtlpEndpoint is not null || !string.IsNullOrEmpty(builder.Configuration[OtlpEndpointVariable]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(TelemetryNames.MassTransit, TelemetryNames.Ours)
                    .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = http => !Untraced.Any(path => http.Request.Path.StartsWithSegments(path)))
                    .AddHttpClientInstrumentation();
                if (options.DatabaseSpans ?? exporting)
                    tracing.AddEntityFrameworkCoreInstrumentation();
                // Off, the SDK still starts a request's or a consumed record's span (for its ids), but none below it.
                if (!(options.RecordTraces ?? (exporting || options.DatabaseSpans == true)))
                    tracing.SetSampler(new AlwaysOffSampler());
            })
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetryNames.MassTransit, TelemetryNames.Ours)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (options.OtlpEndpoint is { } endpoint)
            telemetry.UseOtlpExporter(options.OtlpProtocol, endpoint);
        else if (exporting)
            telemetry.UseOtlpExporter();
        return builder;
    }

    static void AddStartupSummary(IServiceCollection services, string serviceName)
    {
        services.AddSingleton(new StartupSummaryHost(serviceName));
        services.AddHostedService<StartupSummary>();
        services.AddStartupSummaryLine("health", (_, address) => $"{new Uri(address, HealthEndpoints.ReadyPath)} (ready), {new Uri(address, HealthEndpoints.LivePath)} (live)");
        services.AddStartupSummaryLine("metrics", (_, address) => new Uri(address, MetricsPath).ToString());
    }

    /// <summary>The Prometheus scrape endpoint, <c>/metrics</c>, and <c>/health/ready</c> and <c>/health/live</c>.</summary>
    public static WebApplication MapSagasObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapSagasHealth();
        return app;
    }
}
