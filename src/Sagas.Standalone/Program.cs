using Sagas.Hosting;
using Sagas.Standalone;

// `migrate` applies every schema and exits: production applies them as a deployment step
// (with Persistence__ApplySchemaOnStartup=false on the hosts).
return await HostCommandLine.RunAsync(StandalonePlatform.HostName, StandalonePlatform.Runs, args, arguments => StandalonePlatform.Build(arguments),
    [.. StandalonePlatform.Services.SelectMany(service => service.Verbs)]);

/// <summary>The standalone host: the orchestrator and every worker in one process, over the embedded Kafka broker.</summary>
public partial class Program;
