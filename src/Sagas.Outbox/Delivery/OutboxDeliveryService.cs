using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// Runs delivery of the outbox of <typeparamref name="TContext"/> in this process: the publisher that produces what
/// commits write, and the settlement that records the outcome. At start it takes back what this process (by its
/// <see cref="OutboxOptions.RelayId"/>) had claimed before it last stopped. On stop it produces what is already
/// committed, unless the host's stop timeout runs out first; the rest is left to a sweep once the claims end.
/// </summary>
internal sealed class OutboxDeliveryService<TContext>(
    OutboxPublisher<TContext> publisher,
    OutboxSettlement<TContext> settlement,
    OutboxSweeper<TContext> sweeper,
    OutboxDeliveryStatus<TContext> status,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDeliveryService<TContext>> logger)
    : BackgroundService
    where TContext : DbContext
{
    readonly CancellationTokenSource _abandon = new();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RelayId is not null)
            await ReleaseEarlierClaims(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's stop token fires when its shutdown timeout has passed: only then is what is in hand given up.
        await using var registration = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Leaves the token source undisposed, as <see cref="BackgroundService"/> does with its own: a host may stop it after disposing it.</summary>
    public override void Dispose()
    {
        _abandon.Cancel();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Outbox delivery {Owner} for {Database} started", publisher.Owner, typeof(TContext).Name);
        using var publisherDone = new CancellationTokenSource();
        var settling = settlement.Run(publisherDone.Token);
        status.Running(true);
        try
        {
            await publisher.Run(stoppingToken, _abandon.Token);
        }
        finally
        {
            status.Running(false);
        }

        // Settlement ends after the publisher, so what it finished on the way out is recorded too.
        await publisherDone.CancelAsync();
        await settling;
        logger.LogInformation("Outbox delivery {Owner} for {Database} stopped", publisher.Owner, typeof(TContext).Name);
    }

    async Task ReleaseEarlierClaims(CancellationToken cancellationToken)
    {
        try
        {
            if (await sweeper.ReleaseEarlierClaims(cancellationToken) is > 0 and var released)
                logger.LogWarning("Outbox delivery {Owner} took back {Count} rows it had claimed before it last stopped", publisher.Owner, released);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Outbox delivery {Owner} could not take back its earlier claims ({Reason}); a sweep takes them once they end",
                publisher.Owner, exception.Message);
        }
    }
}
