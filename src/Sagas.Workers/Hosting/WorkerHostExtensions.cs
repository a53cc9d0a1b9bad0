using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Workers.Inventory;
using Sagas.Workers.Ledger;
using Sagas.Workers.Notify;
using Sagas.Workers.Shipping;

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
        builder.Services.AddRoleDatabaseChecks(roles);
        return builder;
    }

    /// <summary>A readiness check of each database the roles work in (fraud keeps none).</summary>
    static void AddRoleDatabaseChecks(this IServiceCollection services, IReadOnlyList<WorkerRole> roles)
    {
        var health = services.AddHealthChecks();
        if (roles.Contains(WorkerRole.Debit) || roles.Contains(WorkerRole.Credit))
            health.AddCheck<DatabaseHealthCheck<LedgerDbContext>>("ledger-database", tags: ["ready"]);
        if (roles.Contains(WorkerRole.Inventory))
            health.AddCheck<DatabaseHealthCheck<InventoryDbContext>>("inventory-database", tags: ["ready"]);
        if (roles.Contains(WorkerRole.Shipping))
            health.AddCheck<DatabaseHealthCheck<ShippingDbContext>>("shipping-database", tags: ["ready"]);
        if (roles.Contains(WorkerRole.Notify))
            health.AddCheck<DatabaseHealthCheck<NotifyDbContext>>("notify-database", tags: ["ready"]);
    }
}
