using Sagas.Persistence.Schema;
using Sagas.Standalone;

var app = StandalonePlatform.Build(args);
if (args.Contains("migrate"))
{
    // Production applies schemas as a deployment step (with Persistence__ApplySchemaOnStartup=false on the hosts).
    foreach (var report in await SchemaMigrator.ApplyAsync(app.Services))
        Console.WriteLine($"{report.Service}: schema version {report.PreviousVersion} -> {report.Version}");
    return;
}

await app.RunAsync();

/// <summary>The standalone host: the orchestrator and every worker in one process, over the embedded Kafka broker.</summary>
public partial class Program;
