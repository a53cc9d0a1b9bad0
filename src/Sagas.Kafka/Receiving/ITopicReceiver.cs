namespace Sagas.Kafka;

/// <summary>
/// Runs a message through the receive pipeline of this process's endpoint for <c>topic</c>, in the caller's service scope
/// (and so inside the caller's transaction), as though it had just been consumed from the topic. For endpoints whose
/// handlers send through a transactional outbox. A failure is thrown to the caller, neither retried nor dead-lettered.
/// </summary>
public interface ITopicReceiver
{
    Task Receive<T>(string topic, T message, IServiceProvider scope, CancellationToken cancellationToken)
        where T : class;
}
