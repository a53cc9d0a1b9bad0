using MassTransit;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Transfers;
using Sagas.Outbox;

namespace Sagas.Orchestrator.Hosting;

public static class OrchestratorKafkaEndpoints
{
    /// <summary>Consumer group of the transfer sagas: orchestrator instances share their topic's partitions.</summary>
    public const string TransferGroup = "transfer-sagas";

    /// <summary>Consumer group of the order sagas.</summary>
    public const string OrderGroup = "order-sagas";

    /// <summary>
    /// Each saga type consumes a topic of its own (replies, requests, timeouts), so a reply runs no other saga type's
    /// pipeline. A batch of records is one transaction of the orchestrator's database, and what the sagas send or
    /// schedule goes into its outbox in that transaction. The topics it only produces to (worker commands, saga events)
    /// are declared so they exist.
    /// </summary>
    public static IKafkaFactoryConfigurator AddOrchestratorEndpoints(this IKafkaFactoryConfigurator kafka,
        IRiderRegistrationContext context, TopicOptions topics)
    {
        kafka.TopicEndpoint(topics.Transfers, TransferGroup, endpoint =>
        {
            endpoint.UseTransactionalOutbox<OrchestratorDbContext>(context);
            endpoint.ConfigureBusSaga<TransferState>(context);
        });
        kafka.TopicEndpoint(topics.Orders, OrderGroup, endpoint =>
        {
            endpoint.UseTransactionalOutbox<OrchestratorDbContext>(context);
            endpoint.ConfigureBusSaga<OrderState>(context);
        });
        foreach (var role in Enum.GetValues<WorkerRole>())
            kafka.Topic(topics.CommandsOf(role));
        kafka.Topic(topics.SagaEvents);
        return kafka;
    }
}
