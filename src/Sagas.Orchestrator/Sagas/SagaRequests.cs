using Sagas.Kafka;
using Sagas.Orchestrator.Data;
using Sagas.Outbox;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// Sends requests to the orchestrator's own sagas from outside a saga transition (the API, the start-up resume) through
/// the outbox of its database, and commits them: once <see cref="Send{T}"/> returns, the requests are durable.
/// </summary>
public sealed class SagaRequests(OutboxSendEndpoints<OrchestratorDbContext> outbox)
{
    /// <summary>Sends <paramref name="requests"/> to the saga type consuming <paramref name="topic"/>.</summary>
    public async Task Send<T>(string topic, IEnumerable<T> requests, CancellationToken cancellationToken)
        where T : class
    {
        var endpoint = await outbox.GetSendEndpoint(TopicAddress.For(topic));
        foreach (var request in requests)
            await endpoint.Send(request, cancellationToken);
        await outbox.SaveChangesAsync(cancellationToken);
    }
}
