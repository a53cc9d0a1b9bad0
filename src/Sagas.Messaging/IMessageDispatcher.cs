using MassTransit;

namespace Sagas.Messaging;

/// <summary>
/// The one way sagas and workers send messages to each other. The transport behind it is the host's choice:
/// the in-memory bus in tests, Kafka topics in the platform, the transactional outbox in front of Kafka.
/// </summary>
public interface IMessageDispatcher
{
    /// <summary>Sends a contract message to whoever handles it; <paramref name="cause"/> carries conversation and trace ids along.</summary>
    Task Dispatch<T>(T message, ConsumeContext? cause, CancellationToken cancellationToken)
        where T : class;
}
