using Sagas.Observability;
using Sagas.Orchestrator.Hosting;
using Sagas.Workers;

namespace Sagas.Standalone;

/// <summary>
/// The whole platform in one process: the orchestrator host with the workers of the configured roles co-hosted, over
/// the embedded Kafka broker unless <c>Kafka:BootstrapServers</c> names a cluster. The host's entry point and the
/// benchmark both build it here.
/// </summary>
public static class StandalonePlatform
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-standalone";

    /// <summary>
    /// Builds the platform; <paramref name="settings"/> override every other configuration source, and
    /// <paramref name="configure"/> (a benchmark or fault test) may add services or loggers last.
    /// </summary>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);

        // Readable console lines for dotnet run; no AddDistributedHost, so an empty Kafka:BootstrapServers means the embedded broker.
        builder.AddSagasObservability(HostName, ConsoleLogFormat.Simple);
        builder.AddOrchestratorHost(WorkerRoles.FromConfiguration(builder.Configuration));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapOrchestratorApi();
        app.MapSagasObservability();
        return app;
    }
}
