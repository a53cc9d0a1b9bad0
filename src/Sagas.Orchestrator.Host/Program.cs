using Microsoft.AspNetCore.Builder;
using Sagas.Hosting;
using Sagas.Hosting.Services;
using Sagas.Orchestrator.Hosting;

namespace Sagas.Orchestrator.Host;

/// <summary>
/// The orchestrator's process: the sagas, their outbox relay and timeout scheduler, and the API that starts and shows
/// sagas. Run several: they share the saga topics' partitions and the clustered job store.
/// <c>dotnet Sagas.Orchestrator.Host.dll [migrate]</c>.
/// </summary>
public static class OrchestratorHost
{
    /// <summary>Names this process in configuration errors and telemetry.</summary>
    public const string HostName = "sagas-orchestrator";

    public static IReadOnlyList<ServiceModule> Services { get; } = [new OrchestratorModule()];

    public static Task<int> Main(string[] args) => ServiceHost.RunAsync(HostName, args, Services);

    public static WebApplication Build(string[] args) => ServiceHost.BuildDistributed(HostName, args, Services);
}
