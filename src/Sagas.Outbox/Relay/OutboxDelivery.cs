using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Scheduling;

namespace Sagas.Outbox;

/// <summary>
/// One round of the relay: claim a batch (see <see cref="OutboxClaimStatement"/>), deliver it in order per saga, mark
/// what went out and hand the rest back with a backoff. Each saga's rows form a queue; a wave produces every saga's
/// leading records (one <see cref="IKafkaProducer.ProduceBatch"/> per saga, the sagas concurrently), then applies every
/// saga's leading timeout rows to the scheduler in one batch, and so on until the queues are empty. A saga whose delivery
/// fails stops there for this round; the others go on.
/// </summary>
internal sealed class OutboxDelivery<TContext>(
    IServiceProvider services,
    IKafkaProducer producer,
    IOptions<OutboxOptions> options,
    OutboxMetrics metrics,
    TimeProvider time,
    ILogger<OutboxDelivery<TContext>> logger)
    where TContext : DbContext
{
    /// <summary>
    /// Who this relay is in <see cref="OutboxMessage.ClaimedBy"/>: <see cref="OutboxOptions.RelayId"/> when configured
    /// (the same across restarts), otherwise unique per relay instance.
    /// </summary>
    public string Owner { get; } = options.Value.RelayId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Takes back, at start-up, the undelivered rows this relay claimed in an earlier life (it crashed or was stopped
    /// before marking them), so they go out now instead of after their lease. Only meaningful with a configured
    /// <see cref="OutboxOptions.RelayId"/>; returns how many rows were released.
    /// </summary>
    public async Task<int> ReleaseEarlierClaims(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>()
            .Where(m => m.ClaimedBy == Owner && m.ClaimedUntil != null && m.DeliveredAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null),
                cancellationToken);
    }

    /// <summary>
    /// Runs one round. <paramref name="cancellationToken"/> stops claiming; <paramref name="abandon"/> stops delivering a
    /// claimed batch (shutdown ran out of time): what went out is still marked, the rest is left to the lease.
    /// </summary>
    public async Task<OutboxRound> RunAsync(CancellationToken cancellationToken, CancellationToken abandon)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var rows = await Claim(db, cancellationToken);
        if (rows.Count == 0)
            return OutboxRound.Idle;

        var outcome = await Deliver(scope.ServiceProvider, rows, abandon);
        // Marks are saved even when shutdown abandoned the batch: they record what reached Kafka or the scheduler.
        await Mark(db, outcome);

        var delivered = outcome.Delivered.Count;
        var failed = outcome.Failures.Sum(failure => failure.Rows.Count);
        metrics.Delivered(typeof(TContext).Name, delivered);
        metrics.Failed(typeof(TContext).Name, outcome.Failures.Count);
        return new OutboxRound(rows.Count, delivered, failed);
    }

    async Task<List<OutboxMessage>> Claim(TContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + options.Value.LeaseDuration;
        // An explicit transaction, so on SQLite the claim queues with the saga transactions for its turn.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var claimed = await db.Database.ExecuteSqlRawAsync(OutboxClaimStatement.For(db),
                [Owner, until.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), options.Value.BatchSize], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (claimed == 0)
                return [];
        }

        // Read after the commit, so the write lock is not held while payloads load: no one else changes claimed rows.
        return await db.Set<OutboxMessage>()
            .Where(m => m.ClaimedBy == Owner && m.ClaimedUntil == until && m.DeliveredAt == null)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    async Task<Outcome> Deliver(IServiceProvider scope, List<OutboxMessage> rows, CancellationToken abandon)
    {
        var outcome = new Outcome();
        var queues = rows.GroupBy(row => row.SagaId).Select(saga => new Queue<OutboxMessage>(saga)).ToList();
        while (queues.Count > 0 && !abandon.IsCancellationRequested)
        {
            var produced = await Task.WhenAll(queues.Where(queue => queue.Peek().Kind == OutboxMessageKind.Record)
                .Select(queue => Produce(queue, abandon)));
            foreach (var (queue, records, failure) in produced)
            {
                if (failure is null)
                    outcome.Delivered.AddRange(records);
                Settle(outcome, queues, queue, failure, abandon);
            }

            var waiting = queues.Where(queue => queue.Peek().Kind != OutboxMessageKind.Record).ToList();
            if (waiting.Count > 0)
            {
                var failure = await ApplyTimeouts(scope, waiting, outcome, abandon);
                foreach (var queue in waiting)
                    Settle(outcome, queues, queue, failure, abandon);
            }
        }

        outcome.Abandoned.AddRange(queues.SelectMany(queue => queue));
        if (outcome.Abandoned.Count > 0)
            logger.LogWarning("Shutdown left {Count} claimed outbox rows undelivered; another relay takes them when the lease ends",
                outcome.Abandoned.Count);
        return outcome;
    }

    /// <summary>Produces the saga's leading records; runs concurrently with other sagas, so it only touches its own queue.</summary>
    async Task<(Queue<OutboxMessage> Queue, List<OutboxMessage> Records, Exception? Failure)> Produce(Queue<OutboxMessage> queue,
        CancellationToken abandon)
    {
        var records = queue.TakeWhile(row => row.Kind == OutboxMessageKind.Record).ToList();
        try
        {
            await producer.ProduceBatch([.. records.Select(row => row.ToRecord())], abandon);
            foreach (var _ in records)
                queue.Dequeue();
            return (queue, records, null);
        }
        catch (Exception exception)
        {
            return (queue, records, exception);
        }
    }

    /// <summary>
    /// Applies every waiting saga's leading timeout rows as one batch (the scheduler's transactions are the relay's
    /// costliest step, so they are shared by the whole wave); on failure each of those sagas stops for this round.
    /// </summary>
    static async Task<Exception?> ApplyTimeouts(IServiceProvider scope, List<Queue<OutboxMessage>> waiting, Outcome outcome, CancellationToken abandon)
    {
        var leading = waiting.Select(queue => queue.TakeWhile(row => row.Kind != OutboxMessageKind.Record).ToList()).ToList();
        try
        {
            var scheduler = scope.GetService<TimeoutScheduler>()
                ?? throw new InvalidOperationException("Outbox timeout rows need the scheduler: register AddKafkaScheduling.");
            await scheduler.ApplyAll([.. leading.SelectMany(rows => rows).Select(row => row.ToTimeoutRequest())], abandon);
        }
        catch (Exception exception)
        {
            return exception;
        }

        foreach (var (queue, rows) in waiting.Zip(leading))
        {
            foreach (var _ in rows)
                queue.Dequeue();
            outcome.Delivered.AddRange(rows);
        }
        return null;
    }

    /// <summary>Records produced rows, or the saga's failure; a saga that failed or emptied leaves the round.</summary>
    void Settle(Outcome outcome, List<Queue<OutboxMessage>> queues, Queue<OutboxMessage> queue, Exception? failure, CancellationToken abandon)
    {
        if (failure is null)
        {
            if (queue.Count == 0)
                queues.Remove(queue);
            return;
        }

        queues.Remove(queue);
        if (abandon.IsCancellationRequested && failure is OperationCanceledException)
            outcome.Abandoned.AddRange(queue);
        else
            outcome.Failures.Add(new Failure([.. queue], failure));
    }

    /// <summary>
    /// Marks the round's delivered rows with one statement, not an UPDATE per row (on SQLite the marks hold the database's
    /// write lock), and hands failed sagas' rows back with a backoff. In a transaction, so on SQLite it queues for its turn.
    /// </summary>
    async Task Mark(TContext db, Outcome outcome)
    {
        var now = time.GetUtcNow();
        foreach (var (rows, exception) in outcome.Failures)
        {
            var head = rows[0];
            head.Attempts++;
            var retryAt = now + Backoff(head.Attempts);
            foreach (var row in rows)
            {
                row.ClaimedBy = null;
                row.ClaimedUntil = null;
                row.NextAttemptAt = retryAt;
            }
            LogFailure(head, exception, retryAt);
        }

        var delivered = outcome.Delivered.Select(row => row.Id).ToList();
        if (delivered.Count == 0 && outcome.Failures.Count == 0)
            return;
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        if (delivered.Count > 0)
        {
            await db.Set<OutboxMessage>().Where(m => delivered.Contains(m.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.DeliveredAt, now)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    TimeSpan Backoff(int attempts)
    {
        var backoff = options.Value.RetryBackoff * Math.Pow(2, Math.Min(attempts - 1, 30));
        return backoff < options.Value.RetryMaxBackoff ? backoff : options.Value.RetryMaxBackoff;
    }

    void LogFailure(OutboxMessage head, Exception exception, DateTimeOffset retryAt)
    {
        var level = head.Attempts >= options.Value.ErrorAfterAttempts ? LogLevel.Error : LogLevel.Warning;
        logger.Log(level, exception, "Outbox row {RowId} ({Kind}) of saga {SagaId} not delivered after {Attempts} attempts; next try at {RetryAt}",
            head.Id, head.Kind, head.SagaId, head.Attempts, retryAt);
    }

    sealed record Failure(List<OutboxMessage> Rows, Exception Exception);

    sealed class Outcome
    {
        public List<OutboxMessage> Delivered { get; } = [];

        public List<Failure> Failures { get; } = [];

        /// <summary>Claimed but not attempted because shutdown ran out of time: left to the lease.</summary>
        public List<OutboxMessage> Abandoned { get; } = [];
    }
}
