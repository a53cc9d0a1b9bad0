using MassTransit;
using MassTransit.Saga;

namespace Sagas.Orchestrator.Sagas;

/// <summary>A page of saga instances, newest first.</summary>
public record SagaPage<TSaga>(IReadOnlyList<TSaga> Items, int Page, int PageSize, int Total);

/// <summary>Reads saga instances for inspection, through whatever repository the host configured.</summary>
public sealed class SagaReader<TSaga>(ILoadSagaRepository<TSaga> loader, IQuerySagaRepository<TSaga> finder)
    where TSaga : class, ITrackedSaga
{
    public async Task<TSaga?> Find(Guid id) => await loader.Load(id);

    public async Task<SagaPage<TSaga>> List(string? state, int page, int pageSize)
    {
        var ids = await finder.Find(new SagaQuery<TSaga>(saga => state == null || saga.CurrentState == state));
        var sagas = new List<TSaga>();
        foreach (var id in ids)
        {
            if (await loader.Load(id) is { } saga)
                sagas.Add(saga);
        }

        var newestFirst = sagas.OrderByDescending(saga => saga.CreatedAt).ThenBy(saga => saga.CorrelationId).ToList();
        return new SagaPage<TSaga>(newestFirst.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, newestFirst.Count);
    }
}
