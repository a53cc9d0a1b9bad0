using MassTransit;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Transfers;
using Sagas.Scheduling;

namespace Sagas.Orchestrator.Hosting;

public static class OrchestratorKafkaEndpoints
{
    /// <summary>Consumer group of the orchestrator on its event topic: instances share the partitions.</summary>
    public const string ConsumerGroup = "orchestrator";

    /// <summary>
    /// Both sagas consume the orchestrator's event topic (replies, requests, timeouts), one consumer group for all
    /// orchestrator instances; the worker command topics it only produces to are declared so they exist.
    /// </summary>
    public static IKafkaFactoryConfigurator AddOrchestratorEndpoint(this IKafkaFactoryConfigurator kafka,
        IRiderRegistrationContext context, TopicOptions topics)
    {
        kafka.TopicEndpoint(topics.Orchestrator, ConsumerGroup, endpoint =>
        {
            endpoint.UseKafkaMessageScheduler(context);
            endpoint.ConfigureBusSaga<TransferState>(context);
            endpoint.ConfigureBusSaga<OrderState>(context);
        });
        foreach (var role in Enum.GetValues<WorkerRole>())
            kafka.Topic(topics.CommandsOf(role));
        return kafka;
    }
}
