using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Hosting.Services;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Hosting.Workers;

/// <summary>
/// A service that works for the sagas: each of its roles consumes the role's command topic in the role's consumer group
/// (every process running the role shares the topic's partitions) and answers on the asking saga's topic.
/// </summary>
public abstract class WorkerService : ServiceModule
{
    /// <summary>The consumers of a role, each with the command it handles.</summary>
    protected abstract IReadOnlyList<(Type Consumer, Type Command)> ConsumersOf(WorkerRole role);

    /// <summary>
    /// How a batch of the role's commands commits: one transaction of the service's database, its answers produced after
    /// the commit (<c>UseDbContextUnitOfWork</c>).
    /// </summary>
    protected abstract void UseUnitOfWork(IKafkaTopicEndpointConfigurator endpoint);

    /// <summary>The consumer group of a worker role.</summary>
    public static string ConsumerGroupOf(WorkerRole role) => $"{role.ToString().ToLowerInvariant()}-worker";

    public override void AddConsumers(IBusRegistrationConfigurator bus, IReadOnlyList<WorkerRole> roles)
    {
        foreach (var (consumer, command) in roles.SelectMany(ConsumersOf))
            bus.AddConsumer(consumer, typeof(WorkerConsumerDefinition<,>).MakeGenericType(consumer, command));
    }

    public override void AddEndpoints(IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context, TopicOptions topics,
        IReadOnlyList<WorkerRole> roles)
    {
        var bus = context.GetRequiredService<IBusRegistrationContext>();
        foreach (var role in roles)
        {
            kafka.TopicEndpoint(topics.CommandsOf(role), ConsumerGroupOf(role), endpoint =>
            {
                UseUnitOfWork(endpoint);
                foreach (var (consumer, _) in ConsumersOf(role))
                    endpoint.ConfigureConsumer(bus, consumer);
            });
        }

        // The sagas' topics, where the answers go.
        kafka.Topic(topics.Transfers);
        kafka.Topic(topics.Orders);
    }
}
