using Microsoft.Extensions.DependencyInjection;
using Sagas.Messaging;
using Sagas.Orchestrator.Data;

namespace Sagas.Orchestrator.Sagas;

/// <summary>
/// Sends requests to the orchestrator's own sagas from outside a saga transition (the API, the start-up resume), through
/// the orchestrator's dispatcher, and commits them: once <see cref="Send{T}"/> returns, the requests are durable.
/// </summary>
public sealed class SagaRequests(OrchestratorDbContext db,
    [FromKeyedServices(MessageDispatchers.Orchestrator)] IMessageDispatcher dispatcher)
{
    public async Task Send<T>(IEnumerable<T> requests, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var request in requests)
            await dispatcher.Dispatch(request, cause: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
