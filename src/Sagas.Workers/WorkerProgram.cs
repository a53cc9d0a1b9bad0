using Microsoft.AspNetCore.Builder;
using Sagas.Observability;
using Sagas.Workers.Hosting;

namespace Sagas.Workers;

/// <summary>
/// The worker host: the roles in <c>Workers:Roles</c> as one process of the distributed deployment, on a Kafka cluster
/// and database server from configuration. <c>dotnet Sagas.Workers.dll [migrate]</c>.
/// </summary>
public static class WorkerProgram
{
    /// <summary>Names this process in configuration errors; Sagas.Observability's service name goes with it.</summary>
    public const string HostName = "sagas-workers";

    public static Task<int> Main(string[] args) => HostCommandLine.RunAsync(HostName, args, Build);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSagasObservability(HostName);
        builder.AddDistributedHost();
        builder.AddWorkerHost(WorkerRoles.FromConfiguration(builder.Configuration));
        var app = builder.Build();
        app.MapSagasObservability();
        return app;
    }
}
