using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Outbox;

/// <summary>
/// Delivers the outbox of <typeparamref name="TContext"/> (one relay per database and process; several processes may
/// run theirs on one database). It runs rounds back to back while they deliver something, otherwise waits for a commit
/// signal or the poll interval; every cleanup interval it removes old delivered rows. On shutdown it finishes the batch
/// in hand unless the host's stop timeout runs out first, in which case the rest is left to the lease.
/// </summary>
public sealed class OutboxRelay<TContext> : BackgroundService
    where TContext : DbContext
{
    readonly OutboxDelivery<TContext> _delivery;
    readonly OutboxCleanup<TContext> _cleanup;
    readonly OutboxSignal<TContext> _signal;
    readonly OutboxRelayStatus<TContext> _status;
    readonly OutboxMetrics _metrics;
    readonly IServiceProvider _services;
    readonly IOptions<OutboxOptions> _options;
    readonly TimeProvider _time;
    readonly ILogger<OutboxRelay<TContext>> _logger;
    readonly CancellationTokenSource _abandon = new();

    public OutboxRelay(IServiceProvider services, OutboxSignal<TContext> signal, OutboxRelayStatus<TContext> status, OutboxMetrics metrics,
        IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxRelay<TContext>> logger)
    {
        _services = services;
        _signal = signal;
        _status = status;
        _metrics = metrics;
        _options = options;
        _time = time;
        _logger = logger;
        _delivery = ActivatorUtilities.CreateInstance<OutboxDelivery<TContext>>(services);
        _cleanup = ActivatorUtilities.CreateInstance<OutboxCleanup<TContext>>(services);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's stop token fires when its shutdown timeout has passed: only then is the batch in hand given up.
        await using var registration = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Cancels the batch in hand and leaves the token source undisposed, as <see cref="BackgroundService"/> does with its
    /// own: a host may call <see cref="StopAsync"/> after <see cref="Dispose"/> (WebApplicationFactory stops the host
    /// while the entry point's RunAsync stops and disposes it), and a disposed source would throw there.
    /// </summary>
    public override void Dispose()
    {
        _abandon.Cancel();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = _options.Value;
        var nextCleanup = _time.GetUtcNow();
        var nextBacklogRead = _time.GetUtcNow();
        var failures = 0;
        _logger.LogInformation("Outbox relay {Owner} for {Database} started", _delivery.Owner, typeof(TContext).Name);
        if (options.RelayId is not null && await _delivery.ReleaseEarlierClaims(stoppingToken) is > 0 and var released)
            _logger.LogWarning("Outbox relay {Owner} took back {Count} rows it had claimed before it last stopped", _delivery.Owner, released);

        while (!stoppingToken.IsCancellationRequested)
        {
            var round = OutboxRound.Idle;
            try
            {
                round = await _delivery.RunAsync(stoppingToken, _abandon.Token);
                Record(round);
                failures = round.FailedEntirely ? failures + 1 : 0;

                var now = _time.GetUtcNow();
                if (now >= nextBacklogRead)
                {
                    nextBacklogRead = now + options.PollInterval;
                    await ReadBacklog(stoppingToken);
                }
                if (now >= nextCleanup)
                {
                    nextCleanup = now + options.CleanupInterval;
                    await Cleanup(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database itself failed (claim, mark or cleanup): claimed rows are released by their lease.
                failures++;
                _status.Failed(_time.GetUtcNow());
                _logger.LogError(exception, "Outbox relay round for {Database} failed ({Failures} in a row)", typeof(TContext).Name, failures);
            }

            // A round that delivered may have uncovered later rows of its sagas (or more than one batch was waiting).
            if (round.Delivered > 0 && failures == 0)
                continue;
            await Wait(failures, stoppingToken);
        }

        _logger.LogInformation("Outbox relay {Owner} for {Database} stopped", _delivery.Owner, typeof(TContext).Name);
    }

    void Record(OutboxRound round)
    {
        if (round.FailedEntirely)
            _status.Failed(_time.GetUtcNow());
        else
            _status.Succeeded();
    }

    /// <summary>A commit signal or the poll interval; after failures, at least the retry backoff (so a dead database is not hammered).</summary>
    async Task Wait(int failures, CancellationToken stoppingToken)
    {
        try
        {
            if (failures > 0)
            {
                var backoff = _options.Value.RetryBackoff * Math.Pow(2, Math.Min(failures - 1, 30));
                await Task.Delay(backoff < _options.Value.RetryMaxBackoff ? backoff : _options.Value.RetryMaxBackoff, _time, stoppingToken);
            }
            else
                await _signal.WaitAsync(_options.Value.PollInterval, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the loop condition ends the relay.
        }
    }

    async Task ReadBacklog(CancellationToken stoppingToken)
    {
        await using var scope = _services.CreateAsyncScope();
        _metrics.Observed(typeof(TContext).Name, await OutboxBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), stoppingToken));
    }

    async Task Cleanup(CancellationToken stoppingToken)
    {
        var removed = await _cleanup.RunAsync(stoppingToken);
        if (removed > 0)
            _logger.LogInformation("Outbox cleanup removed {Count} delivered rows of {Database}", removed, typeof(TContext).Name);
    }
}
