using MassTransit;
using MassTransit.Context;
using MassTransit.Initializers;
using MassTransit.Util;

namespace Sagas.Kafka.Sending;

/// <summary>
/// MassTransit's send endpoint for a topic address: every overload ends in one record, the message serialized as an
/// envelope keyed by its CorrelationId (see <see cref="EnvelopeSerializer"/>), handed to a sink. With a
/// <paramref name="responseAddress"/>, a recipient's <c>RespondAsync</c> answers there.
/// </summary>
public sealed class TopicSendEndpoint(string topic, Uri? sourceAddress, IRecordSink sink, Uri? responseAddress = null) : ISendEndpoint
{
    public ConnectHandle ConnectSendObserver(ISendObserver observer) => new EmptyConnectHandle();

    public async Task Send<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var context = await EnvelopeSerializer.CreateContext(topic, message, pipe, sourceAddress, cancellationToken);
        context.ResponseAddress ??= responseAddress;
        await sink.Add(EnvelopeSerializer.Serialize(topic, context), cancellationToken);
    }

    public Task Send<T>(T message, CancellationToken cancellationToken = default)
        where T : class =>
        Send(message, Pipe.Empty<SendContext<T>>(), cancellationToken);

    public Task Send<T>(T message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        Send<T>(message, pipe, cancellationToken);

    public Task Send(object message, CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, message.GetType(), cancellationToken);

    public Task Send(object message, Type messageType, CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, messageType, cancellationToken);

    public Task Send(object message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, message.GetType(), pipe, cancellationToken);

    public Task Send(object message, Type messageType, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) =>
        SendEndpointConverterCache.Send(this, message, messageType, pipe, cancellationToken);

    public Task Send<T>(object values, CancellationToken cancellationToken = default)
        where T : class =>
        Send<T>(values, Pipe.Empty<SendContext<T>>(), cancellationToken);

    public async Task Send<T>(object values, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default)
        where T : class
    {
        var (message, initializerPipe) = await MessageInitializerCache<T>.InitializeMessage(values, pipe, cancellationToken);
        await Send(message, initializerPipe, cancellationToken);
    }

    public Task Send<T>(object values, IPipe<SendContext> pipe, CancellationToken cancellationToken = default)
        where T : class =>
        Send<T>(values, pipe, cancellationToken);
}
