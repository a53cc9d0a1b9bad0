using Microsoft.AspNetCore.Builder;
using Sagas.Observability;
using Sagas.Orchestrator.Hosting;
using Sagas.Workers.Hosting;

namespace Sagas.Orchestrator;

/// <summary>
/// The orchestrator host: HTTP API, sagas, outbox relay and timeout scheduler as one process of the distributed
/// deployment; run several, they share the event topic's partitions and the clustered job store.
/// <c>dotnet Sagas.Orchestrator.dll [migrate]</c>.
/// </summary>
public static class OrchestratorProgram
{
    /// <summary>Names this process in configuration errors; Sagas.Observability's service name goes with it.</summary>
    public const string HostName = "sagas-orchestrator";

    public static Task<int> Main(string[] args) => HostCommandLine.RunAsync(HostName, args, Build);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSagasObservability(HostName);
        builder.AddDistributedHost();
        builder.AddOrchestratorHost();
        var app = builder.Build();
        app.MapOrchestratorApi();
        app.MapSagasObservability();
        return app;
    }
}
