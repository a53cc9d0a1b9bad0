using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Persistence.Inbox;

/// <summary>
/// Forgets consumed message ids older than <see cref="PersistenceOptions.InboxRetention"/>, every
/// <see cref="PersistenceOptions.InboxCleanupInterval"/>. The retention must outlast any redelivery: a relay lease,
/// a broker retry, a restart.
/// </summary>
public sealed class InboxCleanup<TContext>(IServiceScopeFactory scopes, IOptions<PersistenceOptions> options, TimeProvider clock,
    ILogger<InboxCleanup<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InboxCleanupInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await RemoveExpired(stoppingToken);
                if (removed > 0)
                    logger.LogInformation("Inbox of {Context}: forgot {Count} message ids past retention", typeof(TContext).Name, removed);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Inbox cleanup of {Context} failed; it runs again in {Interval}", typeof(TContext).Name,
                    options.Value.InboxCleanupInterval);
            }
        }
    }

    /// <summary>Removes the ids past retention and returns how many.</summary>
    public async Task<int> RemoveExpired(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.InboxRetention;
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<InboxMessage>()
            .Where(message => message.ConsumedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
