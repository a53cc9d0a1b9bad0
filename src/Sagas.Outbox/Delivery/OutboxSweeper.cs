using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Kafka.Outages;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// Delivers what is due in the outbox of <typeparamref name="TContext"/> and nobody is producing: scheduled rows (saga
/// timeouts) whose time has come, and rows sent now whose producer died or was refused (see
/// <see cref="OutboxClaimStatements"/>). Each round claims a batch, produces it in order per saga (sagas concurrently),
/// deletes what went out and releases the rest with a backoff; a round that claimed a full batch is followed by another,
/// up to a bound. Something outside calls <see cref="Sweep"/> on a schedule (the Quartz job in Sagas.Scheduling), so
/// that several processes on one database take turns. A round that failed after it claimed rows (the database went away)
/// does not leave them to their lease: the next sweep first deletes what that round delivered and releases the rest.
/// </summary>
public sealed class OutboxSweeper<TContext>(
    IServiceScopeFactory scopes,
    IKafkaProducer producer,
    OutboxPublisher<TContext> publisher,
    OutboxDeliveryStatus<TContext> status,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    OutageMonitor outages,
    TimeProvider time,
    ILogger<OutboxSweeper<TContext>> logger)
    where TContext : DbContext
{
    readonly DependencyWatch _database = new(outages);
    readonly DependencyWatch _cluster = new(outages);
    readonly ConcurrentQueue<UnsettledRound> _unsettled = new();

    /// <summary>Ids per <c>IN (…)</c> list, well under every provider's parameter limit.</summary>
    internal const int MaxIdsPerStatement = 500;

    const int MaxRoundsPerSweep = 20;

    /// <summary>
    /// Who this process's sweeps claim rows as: not <see cref="OutboxPublisher{TContext}.Owner"/>, which the rows this
    /// process writes are claimed by until its publisher has produced them. A round reads back what it claimed by owner
    /// and claim end, and under the publisher's name that read would also return a row written in the same millisecond,
    /// whose claim ends at the same moment, and produce it a second time.
    /// </summary>
    internal string ClaimOwner { get; } = publisher.Owner + OutboxOptions.SweepClaimSuffix;

    /// <summary>Runs rounds until nothing more is due (or the bound); returns how many rows went out.</summary>
    public async Task<int> Sweep(CancellationToken cancellationToken)
    {
        var delivered = 0;
        try
        {
            await SettleFailedRounds(cancellationToken);
            for (var round = 0; round < MaxRoundsPerSweep; round++)
            {
                var (claimed, produced) = await RunRound(cancellationToken);
                delivered += produced;
                if (claimed < options.Value.BatchSize)
                    break;
            }
            status.Succeeded();
            _database.Succeeded();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            status.Failed(time.GetUtcNow());
            if (!_database.Failed(exception))
                logger.LogWarning("Sweeping the outbox of {Database} failed ({Reason}); the next sweep tries again", typeof(TContext).Name, exception.Message);
        }

        return delivered;
    }

    /// <summary>
    /// Finishes rounds that failed after their claim: deletes what they produced and releases what they still held, by
    /// the claim they took (owner and claim end), so nothing they claimed waits for the lease to end.
    /// </summary>
    async Task SettleFailedRounds(CancellationToken cancellationToken)
    {
        while (_unsettled.TryPeek(out var round))
        {
            await using var scope = scopes.CreateAsyncScope();
            var rows = scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>();
            foreach (var chunk in round.Delivered.Chunk(MaxIdsPerStatement))
                await rows.Where(m => chunk.Contains(m.Id) && m.ClaimedBy == ClaimOwner && m.ClaimedUntil == round.ClaimedUntil).ExecuteDeleteAsync(cancellationToken);
            await rows.Where(m => m.ClaimedBy == ClaimOwner && m.ClaimedUntil == round.ClaimedUntil)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null),
                    cancellationToken);
            _unsettled.TryDequeue(out _);
        }
    }

    /// <summary>
    /// Takes back, at start-up, the rows this process claimed in an earlier life (it crashed or stopped before they were
    /// produced), so the next sweep delivers them instead of waiting out the claim. Only meaningful with a configured
    /// <see cref="OutboxOptions.RelayId"/>; returns how many rows were released.
    /// </summary>
    public async Task<int> ReleaseEarlierClaims(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>()
            .Where(m => m.ClaimedBy == publisher.Owner || m.ClaimedBy == ClaimOwner)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null),
                cancellationToken);
    }

    async Task<(int Claimed, int Delivered)> RunRound(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var until = time.GetUtcNow() + options.Value.LeaseDuration;
        List<long> delivered = [];
        List<OutboxMessage> rows;
        List<Outcome> failed;
        try
        {
            rows = await Claim(db, until, cancellationToken);
            if (rows.Count == 0)
                return (0, 0);

            var outcomes = await Task.WhenAll(rows.GroupBy(row => row.SagaId).Select(saga => Produce([.. saga])));
            delivered = [.. outcomes.SelectMany(outcome => outcome.Delivered)];
            failed = [.. outcomes.Where(outcome => outcome.Failure is not null)];
            await Settle(db, delivered, failed);
        }
        catch (Exception)
        {
            // The claim may have committed (even if its answer was lost) while what followed did not.
            _unsettled.Enqueue(new UnsettledRound(until, delivered));
            throw;
        }

        var scheduled = rows.Where(row => row.TokenId is not null).Select(row => row.Id).ToHashSet();

        metrics.Delivered(typeof(TContext).Name, delivered.Count);
        metrics.TimeoutsFired(typeof(TContext).Name, delivered.Count(scheduled.Contains));
        metrics.Failed(typeof(TContext).Name, failed.Sum(outcome => outcome.Undelivered.Count));
        return (rows.Count, delivered.Count);
    }

    async Task<List<OutboxMessage>> Claim(TContext db, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var now = until - options.Value.LeaseDuration;
        var statements = OutboxClaimStatements.For(db);
        object[] parameters = [ClaimOwner, until.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), options.Value.BatchSize];
        // An explicit transaction, so on SQLite the claim queues with the saga transactions for its turn.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var claimed = await db.Database.ExecuteSqlRawAsync(statements.SagaHeads, parameters, cancellationToken)
                + await db.Database.ExecuteSqlRawAsync(statements.DueSchedules, parameters, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (claimed == 0)
                return [];
        }

        // Read after the commit, so the write lock is not held while payloads load: no one else changes claimed rows.
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.ClaimedBy == ClaimOwner && m.ClaimedUntil == until)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Produces one saga's rows in order; on a failure the rest of the saga waits for its next attempt.</summary>
    async Task<Outcome> Produce(List<OutboxMessage> rows)
    {
        try
        {
            await producer.ProduceBatch([.. rows.Select(row => row.ToRecord())], CancellationToken.None);
            return new Outcome([.. rows.Select(row => row.Id)], [], null);
        }
        catch (Exception exception)
        {
            return new Outcome([], rows, exception);
        }
    }

    async Task Settle(TContext db, List<long> delivered, List<Outcome> failed)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        foreach (var chunk in delivered.Chunk(MaxIdsPerStatement))
            await db.Set<OutboxMessage>().Where(m => chunk.Contains(m.Id)).ExecuteDeleteAsync(CancellationToken.None);

        foreach (var outcome in failed)
        {
            var head = outcome.Undelivered[0];
            var attempts = head.Attempts + 1;
            // A cluster that is down is reported once by the watch, and its records tried again soon after it is back.
            var outage = _cluster.Failed(outcome.Failure!);
            var backoff = Backoff(attempts);
            var retryAt = now + (outage && backoff > options.Value.OutageRetryInterval ? options.Value.OutageRetryInterval : backoff);
            var ids = outcome.Undelivered.Select(row => row.Id).ToList();
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.NextAttemptAt, retryAt)
                .SetProperty(m => m.Attempts, attempts), CancellationToken.None);
            if (outage)
                continue;
            var level = attempts >= options.Value.ErrorAfterAttempts ? LogLevel.Error : LogLevel.Warning;
            logger.Log(level, "Outbox row {RowId} of saga {SagaId} to {Topic} not delivered after {Attempts} attempts ({Reason}); next try at {RetryAt}",
                head.Id, head.SagaId, head.Topic, attempts, outcome.Failure!.Message, retryAt);
        }
        await transaction.CommitAsync(CancellationToken.None);
        if (delivered.Count > 0)
            _cluster.Succeeded();
    }

    TimeSpan Backoff(int attempts)
    {
        var backoff = options.Value.RetryBackoff * Math.Pow(2, Math.Min(attempts - 1, 30));
        return backoff < options.Value.RetryMaxBackoff ? backoff : options.Value.RetryMaxBackoff;
    }

    sealed record Outcome(List<long> Delivered, List<OutboxMessage> Undelivered, Exception? Failure);

    /// <summary>A round that failed after claiming rows until <see cref="ClaimedUntil"/>, and the rows it had produced.</summary>
    sealed record UnsettledRound(DateTimeOffset ClaimedUntil, List<long> Delivered);
}
