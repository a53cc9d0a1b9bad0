using Sagas.Fraud;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Inventory;
using Sagas.Ledger;
using Sagas.Notify;
using Sagas.Observability;
using Sagas.Orchestrator.Hosting;
using Sagas.Shipping;

namespace Sagas.Standalone;

/// <summary>
/// The whole platform in one process: every service, the worker ones for the roles in <c>Workers:Roles</c>, with every
/// API on one port, over the embedded Kafka broker unless <c>Kafka:BootstrapServers</c> names a cluster. The host's
/// entry point and the benchmark both build it here.
/// </summary>
public static class StandalonePlatform
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-standalone";

    /// <summary>What the host runs, for its usage.</summary>
    public const string Runs = "runs the whole platform in one process: every service, over an embedded Kafka broker unless " +
        "Kafka:BootstrapServers names a cluster, on SQLite files in Persistence:DataDirectory by default";

    /// <summary>Every service of the platform.</summary>
    public static IReadOnlyList<ServiceModule> Services { get; } =
    [
        new OrchestratorModule(), new LedgerModule(), new FraudModule(), new NotifyModule(), new InventoryModule(), new ShippingModule(),
    ];

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
        return builder.Build(ServiceSet.FromConfiguration(builder.Configuration, Services), configure);
    }
}
