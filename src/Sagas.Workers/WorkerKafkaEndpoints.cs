using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Workers;

public static class WorkerKafkaEndpoints
{
    /// <summary>The consumer group of a worker role: every process running the role shares its command topic's partitions.</summary>
    public static string ConsumerGroupOf(WorkerRole role) => $"{role.ToString().ToLowerInvariant()}-worker";

    /// <summary>One topic endpoint per role, on the role's command topic, with the role's consumers.</summary>
    public static IKafkaFactoryConfigurator AddWorkerEndpoints(this IKafkaFactoryConfigurator kafka, IRiderRegistrationContext context,
        TopicOptions topics, IEnumerable<WorkerRole> roles)
    {
        var bus = context.GetRequiredService<IBusRegistrationContext>();
        foreach (var role in roles.Distinct())
        {
            kafka.TopicEndpoint(topics.CommandsOf(role), ConsumerGroupOf(role), endpoint =>
            {
                foreach (var (consumer, _) in WorkerBusRegistrationExtensions.ConsumersOf(role))
                    endpoint.ConfigureConsumer(bus, consumer);
            });
        }

        kafka.Topic(topics.Orchestrator);
        return kafka;
    }
}
