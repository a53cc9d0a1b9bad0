using Microsoft.EntityFrameworkCore;
using Sagas.Orchestrator.Data;

namespace Sagas.Orchestrator.Sagas;

/// <summary>A page of saga instances, newest first.</summary>
public record SagaPage<TSaga>(IReadOnlyList<TSaga> Items, int Page, int PageSize, int Total);

/// <summary>Reads saga instances for inspection straight from the orchestrator's database, without locking them.</summary>
public sealed class SagaReader<TSaga>(OrchestratorDbContext db)
    where TSaga : class, ITrackedSaga
{
    public Task<TSaga?> Find(Guid id) => db.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == id);

    public async Task<SagaPage<TSaga>> List(string? state, int page, int pageSize)
    {
        var sagas = db.Set<TSaga>().AsNoTracking().Where(saga => state == null || saga.CurrentState == state);
        var total = await sagas.CountAsync();
        var items = await sagas.OrderByDescending(saga => saga.CreatedAt).ThenBy(saga => saga.CorrelationId)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        return new SagaPage<TSaga>(items, page, pageSize, total);
    }
}
