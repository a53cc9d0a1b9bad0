using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Outbox;
using Sagas.Workers.Inventory;
using Sagas.Workers.Ledger;
using Sagas.Workers.Notify;
using Sagas.Workers.Shipping;

namespace Sagas.Workers;

public static class WorkerKafkaEndpoints
{
    /// <summary>The consumer group of a worker role: every process running the role shares its command topic's partitions.</summary>
    public static string ConsumerGroupOf(WorkerRole role) => $"{role.ToString().ToLowerInvariant()}-worker";

    /// <summary>
    /// One topic endpoint per role, on the role's command topic, with the role's consumers. A batch of commands runs as
    /// one transaction of the role's database, its answers produced after the commit; the ledger and the stock take
    /// one batch at a time, since every batch updates rows (balances, stock levels) that others update too.
    /// </summary>
    public static IKafkaFactoryConfigurator AddWorkerEndpoints(this IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context,
        TopicOptions topics, IEnumerable<WorkerRole> roles)
    {
        var bus = context.GetRequiredService<IBusRegistrationContext>();
        foreach (var role in roles.Distinct())
        {
            kafka.TopicEndpoint(topics.CommandsOf(role), ConsumerGroupOf(role), endpoint =>
            {
                UseUnitOfWork(endpoint, role);
                foreach (var (consumer, _) in WorkerBusRegistrationExtensions.ConsumersOf(role))
                    endpoint.ConfigureConsumer(bus, consumer);
            });
        }

        kafka.Topic(topics.Transfers);
        kafka.Topic(topics.Orders);
        return kafka;
    }

    static void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint, WorkerRole role)
    {
        switch (role)
        {
            case WorkerRole.Debit or WorkerRole.Credit:
                endpoint.UseDbContextUnitOfWork<LedgerDbContext>(oneBatchAtATime: true);
                break;
            case WorkerRole.Inventory:
                endpoint.UseDbContextUnitOfWork<InventoryDbContext>(oneBatchAtATime: true);
                break;
            case WorkerRole.Shipping:
                endpoint.UseDbContextUnitOfWork<ShippingDbContext>();
                break;
            case WorkerRole.Notify:
                endpoint.UseDbContextUnitOfWork<NotifyDbContext>();
                break;
            default:
                // Fraud keeps no data: its batches share one scope, and their answers go out together.
                endpoint.UseBatchUnitOfWork(_ => BatchUnitOfWork.None);
                break;
        }
    }
}
