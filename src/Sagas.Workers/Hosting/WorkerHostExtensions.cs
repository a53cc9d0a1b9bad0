using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Workers.Hosting;

public static class WorkerHostExtensions
{
    /// <summary>
    /// A worker process: the workers of <paramref name="roles"/>, each on its command topic in its role's consumer group,
    /// replying over Kafka. Other processes of the same roles share the topics' partitions.
    /// </summary>
    public static IHostApplicationBuilder AddWorkerHost(this IHostApplicationBuilder builder, IReadOnlyList<WorkerRole> roles)
    {
        builder.Services.AddWorkers(builder.Configuration);
        builder.Services.AddKafkaMessaging();
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddWorkerConsumers(roles);
            bus.UsingInMemory();
            bus.AddRider(rider => rider.UsingKafka((context, kafka) =>
                kafka.AddWorkerEndpoints(context, context.GetRequiredService<IOptions<TopicOptions>>().Value, roles)));
        });
        return builder;
    }

    /// <summary>Liveness (the process answers) and readiness (Kafka reachable, topic endpoints running).</summary>
    public static WebApplication MapWorkerHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        return app;
    }
}
