using MassTransit;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Orchestrator.Hosting;
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
app.MapOrchestratorApi();
app.Run();

/// <summary>The standalone host: the orchestrator and every worker in one process, over the embedded Kafka broker.</summary>
public partial class Program;
