using MassTransit;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Orchestrator.Hosting;
using Sagas.Persistence.Schema;
using Sagas.Scheduling;
using Sagas.Workers;

var builder = WebApplication.CreateBuilder(args);
var roles = WorkerRoles.FromConfiguration(builder.Configuration);

builder.AddOrchestrator();
builder.Services.AddWorkers(builder.Configuration);
builder.Services.AddKafkaMessaging();
builder.Services.AddKafkaScheduling(builder.Configuration);
builder.Services.AddMassTransit(bus =>
{
    bus.AddOrchestratorSagas();
    bus.AddWorkerConsumers(roles);
    bus.UsingInMemory();
    bus.AddRider(rider => rider.UsingKafka((context, kafka) =>
    {
        var topics = context.GetRequiredService<IOptions<TopicOptions>>().Value;
        kafka.AddOrchestratorEndpoint(context, topics);
        kafka.AddWorkerEndpoints(context, topics, roles);
    }));
});

var app = builder.Build();
if (args.Contains("migrate"))
{
    // Production applies schemas as a deployment step (with Persistence__ApplySchemaOnStartup=false on the hosts).
    foreach (var report in await SchemaMigrator.ApplyAsync(app.Services))
        Console.WriteLine($"{report.Service}: schema version {report.PreviousVersion} -> {report.Version}");
    return;
}

app.MapOrchestratorApi();
await app.RunAsync();

/// <summary>The standalone host: the orchestrator and every worker in one process, over the embedded Kafka broker.</summary>
public partial class Program;
