using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Workers;

namespace Sagas.Orchestrator.Hosting;

public static class OrchestratorHostExtensions
{
    /// <summary>
    /// An orchestrator process: the API's services, both sagas on their topics, the outbox with its scheduler, and the workers of <paramref name="coHostedWorkerRoles"/> in the same process (none
    /// in the distributed deployment, all of them in the standalone host). The host then maps <c>MapOrchestratorApi()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddOrchestratorHost(this IHostApplicationBuilder builder,
        IReadOnlyList<WorkerRole>? coHostedWorkerRoles = null)
    {
        var roles = coHostedWorkerRoles ?? [];
        builder.AddOrchestrator();
        builder.AddOrchestratorOutbox();

        // Always, whatever roles run here: the API opens accounts and stocks inventory through the workers' services.
        builder.Services.AddWorkers(builder.Configuration);
        builder.Services.AddKafkaMessaging();
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddOrchestratorSagas();
            bus.AddWorkerConsumers(roles);
            bus.UsingInMemory();
            bus.AddRider(rider => rider.UsingKafka((context, kafka) =>
            {
                var topics = context.GetRequiredService<IOptions<TopicOptions>>().Value;
                kafka.AddOrchestratorEndpoints(context, topics);
                kafka.AddWorkerEndpoints(context, topics, roles);
            }));
        });
        return builder;
    }
}
