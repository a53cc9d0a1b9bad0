using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sagas.Kafka;
using Sagas.Kafka.Sending;

namespace Sagas.Outbox;

/// <summary>
/// Sends from outside any consume context (a request handler, a start-up task) through the outbox of the scope's
/// <typeparamref name="TContext"/>: <c>(await outbox.GetSendEndpoint(topicAddress)).Send(message)</c> writes a row, which
/// commits with the caller's next SaveChanges on that context and is produced right after. Registered scoped.
/// </summary>
public sealed class OutboxSendEndpoints<TContext>(Sending.OutboxWriter<TContext> outbox, TContext db) : ISendEndpointProvider
    where TContext : DbContext
{
    public ConnectHandle ConnectSendObserver(ISendObserver observer) => new MassTransit.Util.EmptyConnectHandle();

    public Task<ISendEndpoint> GetSendEndpoint(Uri address) =>
        Task.FromResult<ISendEndpoint>(new TopicSendEndpoint(TopicAddress.TopicOf(address), sourceAddress: null, outbox));

    /// <summary>Commits what was sent (and whatever else the context holds).</summary>
    public Task SaveChangesAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}
