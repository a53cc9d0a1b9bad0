using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Outages;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// Records in the outbox of <typeparamref name="TContext"/> what became of the rows this process produced from memory:
/// the produced ones are deleted, the refused ones released to the sweep with a backoff. Outcomes are collected and
/// written together every <see cref="OutboxOptions.SettleInterval"/>, one short transaction for many batches. While the
/// database cannot take them they wait here, tried again every <see cref="OutboxOptions.OutageRetryInterval"/> at most; the
/// rows' claims keep anyone else from producing them meanwhile. Rows of a commit that failed in doubt (the connection
/// broke during it) are released too, so that if the commit did happen the sweep delivers them as soon as the database
/// is back, instead of after their claim ends.
/// </summary>
public sealed class OutboxSettlement<TContext>(IServiceScopeFactory scopes, OutboxDeliveryStatus<TContext> status, IOptions<OutboxOptions> options,
    OutageMonitor outages, TimeProvider time, ILogger<OutboxSettlement<TContext>> logger)
    where TContext : DbContext
{
    readonly Lock _gate = new();
    readonly DependencyWatch _database = new(outages);
    List<long> _delivered = [];
    List<OutboxMessage> _failed = [];
    List<OutboxMessage> _inDoubt = [];
    bool _lastFailureWasOutage;

    internal void Delivered(IEnumerable<long> rowIds)
    {
        lock (_gate)
            _delivered.AddRange(rowIds);
    }

    /// <summary>Hands rows to the sweep without trying them: an earlier record of their saga is waiting for it.</summary>
    internal void Released(IEnumerable<OutboxMessage> rows)
    {
        lock (_gate)
            _failed.AddRange(rows);
    }

    /// <summary>Rows the cluster refused; an outage of the cluster is the publisher's to report, anything else is logged here.</summary>
    internal void Failed(IEnumerable<OutboxMessage> rows, Exception exception)
    {
        var failed = rows.ToList();
        if (!TransientFailure.IsTransient(exception))
            logger.LogWarning(exception, "{Count} outbox records of {Database} were not produced; the sweep tries them again", failed.Count, typeof(TContext).Name);
        lock (_gate)
            _failed.AddRange(failed);
    }

    /// <summary>
    /// Rows whose transaction's commit failed without saying whether it happened: released to the sweep (if they exist),
    /// which then delivers them at once rather than when their claim ends. If the commit did not happen, nothing matches.
    /// </summary>
    internal void InDoubt(IEnumerable<OutboxMessage> rows)
    {
        lock (_gate)
            _inDoubt.AddRange(rows);
    }

    /// <summary>Writes outcomes every settle interval until stopped, then once more.</summary>
    internal async Task Run(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(failures == 0 ? options.Value.SettleInterval : Backoff(failures), time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            failures = await TrySettle(CancellationToken.None) ? 0 : failures + 1;
        }

        await TrySettle(CancellationToken.None);
    }

    /// <summary>Writes what is pending; false (and kept for the next try) when the database refused.</summary>
    internal async Task<bool> TrySettle(CancellationToken cancellationToken)
    {
        List<long> delivered;
        List<OutboxMessage> failed;
        List<OutboxMessage> inDoubt;
        lock (_gate)
        {
            (delivered, _delivered) = (_delivered, []);
            (failed, _failed) = (_failed, []);
            (inDoubt, _inDoubt) = (_inDoubt, []);
        }

        if (delivered.Count == 0 && failed.Count == 0 && inDoubt.Count == 0)
            return true;

        try
        {
            await Write(delivered, failed, inDoubt, cancellationToken);
            status.Succeeded();
            _database.Succeeded();
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            lock (_gate)
            {
                _delivered.AddRange(delivered);
                _failed.AddRange(failed);
                _inDoubt.AddRange(inDoubt);
            }

            status.Failed(time.GetUtcNow());
            _lastFailureWasOutage = _database.Failed(exception);
            if (!_lastFailureWasOutage)
                logger.LogWarning("Recording {Delivered} produced and {Failed} refused outbox rows of {Database} failed ({Reason}); trying again",
                    delivered.Count, failed.Count, typeof(TContext).Name, exception.Message);
            return false;
        }
    }

    async Task Write(List<long> delivered, List<OutboxMessage> failed, List<OutboxMessage> inDoubt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = db.Set<OutboxMessage>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in delivered.Chunk(OutboxSweeper<TContext>.MaxIdsPerStatement))
            await rows.Where(m => chunk.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);

        var retryAt = time.GetUtcNow() + options.Value.RetryBackoff;
        foreach (var chunk in failed.Select(row => row.Id).Chunk(OutboxSweeper<TContext>.MaxIdsPerStatement))
        {
            await rows.Where(m => chunk.Contains(m.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.NextAttemptAt, retryAt)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        }

        // Only while still claimed by the process that wrote them: a row someone else took meanwhile is theirs.
        var now = time.GetUtcNow();
        foreach (var owner in inDoubt.Where(row => row.ClaimedBy is not null).GroupBy(row => row.ClaimedBy))
        {
            foreach (var chunk in owner.Select(row => row.Id).Chunk(OutboxSweeper<TContext>.MaxIdsPerStatement))
            {
                await rows.Where(m => chunk.Contains(m.Id) && m.ClaimedBy == owner.Key).ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.ClaimedBy, (string?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.NextAttemptAt, now), cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Doubling from the retry backoff; while the database is down, never longer than the outage retry interval.</summary>
    TimeSpan Backoff(int failures)
    {
        var backoff = options.Value.RetryBackoff * Math.Pow(2, Math.Min(failures - 1, 30));
        var cap = _lastFailureWasOutage ? options.Value.OutageRetryInterval : options.Value.RetryMaxBackoff;
        return backoff < cap ? backoff : cap;
    }
}
