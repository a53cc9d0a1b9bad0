using MassTransit;

namespace Sagas.Messaging;

/// <summary>Publishes on MassTransit's bus; used when everything runs on the in-memory transport.</summary>
public sealed class BusMessageDispatcher(IPublishEndpoint bus) : IMessageDispatcher
{
    public Task Dispatch<T>(T message, ConsumeContext? cause, CancellationToken cancellationToken)
        where T : class =>
        cause is null ? bus.Publish(message, cancellationToken) : cause.Publish(message, cancellationToken);
}
