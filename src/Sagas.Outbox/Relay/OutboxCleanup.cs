using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sagas.Outbox;

/// <summary>Removes delivered rows older than the retention period, in bounded chunks so no statement holds locks for long.</summary>
internal sealed class OutboxCleanup<TContext>(IServiceProvider services, IOptions<OutboxOptions> options, TimeProvider time)
    where TContext : DbContext
{
    const int ChunkSize = 1000;
    const int MaxChunksPerRun = 100;

    /// <summary>Deletes what is due and returns how many rows went; anything beyond one run's bound waits for the next.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var removed = 0;
        for (var chunk = 0; chunk < MaxChunksPerRun; chunk++)
        {
            await using var scope = services.CreateAsyncScope();
            var deleted = await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>()
                .Where(m => m.DeliveredAt != null && m.DeliveredAt < cutoff)
                .OrderBy(m => m.Id)
                .Take(ChunkSize)
                .ExecuteDeleteAsync(cancellationToken);
            removed += deleted;
            if (deleted < ChunkSize)
                break;
        }
        return removed;
    }
}
