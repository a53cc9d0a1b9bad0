using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// Sweeps the outbox of <typeparamref name="TContext"/> every <see cref="OutboxOptions.SweepInterval"/> in this process,
/// for a service that schedules nothing (a worker publishing its events): what its publisher could not produce (a crash,
/// a Kafka refusal) still goes out. Sweeps of several processes at once are safe: each claims the rows it takes.
/// </summary>
internal sealed class OutboxSweepLoop<TContext>(OutboxSweeper<TContext> sweeper, IOptions<OutboxOptions> options, TimeProvider time)
    : BackgroundService
    where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            // Sweep logs and counts its own failures and never throws but for cancellation.
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await sweeper.Sweep(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
