using MassTransit;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Observability;
using Sagas.Orchestrator.Hosting;
using Sagas.Scheduling;
using Sagas.Workers;

namespace Sagas.Standalone;

/// <summary>
/// The whole platform in one process: the orchestrator (API, sagas, scheduler) and the workers of the configured
/// roles, over the embedded Kafka broker unless <c>Kafka:BootstrapServers</c> names a cluster. The host's
/// entry point and the benchmark both build it here.
/// </summary>
public static class StandalonePlatform
{
    /// <summary>Builds the platform; <paramref name="settings"/> override every other configuration source.</summary>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        var roles = WorkerRoles.FromConfiguration(builder.Configuration);

        builder.AddSagasObservability("sagas-standalone", ConsoleLogFormat.Simple);
        builder.AddOrchestrator();
        builder.AddOrchestratorOutbox();
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
        app.MapSagasObservability();
        return app;
    }
}
