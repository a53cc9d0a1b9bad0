using MassTransit;

namespace Sagas.Kafka;

/// <summary>
/// Configures what consumes one topic for one consumer group: sagas, consumers, filters and retry exactly as on
/// any MassTransit receive endpoint. Without a <c>UseMessageRetry</c> of its own the endpoint retries with the
/// <see cref="KafkaOptions"/> policy; records that still fail go to the DLQ.
/// </summary>
public interface IKafkaTopicEndpointConfigurator : IReceiveEndpointConfigurator
{
    /// <summary>The topic this endpoint consumes.</summary>
    string Topic { get; }

    /// <summary>The consumer group this endpoint joins.</summary>
    string GroupId { get; }

    /// <summary>
    /// Handles the records a partition has ready (up to <see cref="KafkaOptions.BatchSize"/>) in one service scope and
    /// one unit of work, created per batch from that scope by <paramref name="create"/>. Without it every record runs on its own.
    /// </summary>
    void UseBatchUnitOfWork(Func<IServiceProvider, IBatchUnitOfWork> create);
}
