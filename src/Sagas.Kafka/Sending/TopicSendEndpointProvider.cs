using MassTransit;

namespace Sagas.Kafka.Sending;

/// <summary>
/// Resolves <c>topic:&lt;name&gt;</c> addresses to <see cref="TopicSendEndpoint"/>s writing to one sink, with
/// <paramref name="sourceAddress"/> as the records' source and, when given, <paramref name="responseAddress"/> as where
/// their recipients respond (MassTransit's <c>RespondAsync</c>); any other address goes to <paramref name="fallback"/> (the bus).
/// </summary>
public sealed class TopicSendEndpointProvider(Uri? sourceAddress, IRecordSink sink, ISendEndpointProvider fallback, Uri? responseAddress = null)
    : ISendEndpointProvider
{
    public ConnectHandle ConnectSendObserver(ISendObserver observer) => fallback.ConnectSendObserver(observer);

    public Task<ISendEndpoint> GetSendEndpoint(Uri address) =>
        TopicAddress.TryGetTopic(address, out var topic)
            ? Task.FromResult<ISendEndpoint>(new TopicSendEndpoint(topic, sourceAddress, sink, responseAddress))
            : fallback.GetSendEndpoint(address);
}
