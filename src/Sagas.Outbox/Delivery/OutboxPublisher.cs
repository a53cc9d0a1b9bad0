using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Kafka.Outages;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// Produces what a commit wrote to <typeparamref name="TContext"/>'s outbox right after the commit, from memory: no
/// polling and no claim round on the way. Records reach the producer in commit order, so one saga's records keep their
/// order. Produced rows are deleted in bulk afterwards and rows Kafka refused are handed to the sweep
/// (<see cref="OutboxSettlement{TContext}"/>); the rows themselves are only there for a process that dies before that.
/// </summary>
public sealed class OutboxPublisher<TContext>
    where TContext : DbContext
{
    /// <summary>Records per produce, give or take the last commit taken, which goes whole.</summary>
    const int MaxRecordsPerProduce = 1000;

    /// <summary>Each commit's rows as one item, so a produce takes a commit whole, never the first of its rows alone.</summary>
    readonly Channel<WrittenRow[]> _committed = Channel.CreateUnbounded<WrittenRow[]>(new UnboundedChannelOptions { SingleReader = true });
    readonly ConditionalWeakTable<DbContext, ContextRows> _rows = [];
    readonly IKafkaProducer _producer;
    readonly OutboxSettlement<TContext> _settlement;
    readonly OutboxMetrics _metrics;
    readonly ILogger<OutboxPublisher<TContext>> _logger;
    readonly TimeProvider _time;
    readonly TimeSpan _refusedSagaHold;
    readonly DependencyWatch _cluster;

    /// <summary>Sagas with a record the cluster refused, and until when their newer records go to the sweep too.</summary>
    readonly ConcurrentDictionary<Guid, DateTimeOffset> _refused = new();
    long _producing;

    public OutboxPublisher(IKafkaProducer producer, OutboxSettlement<TContext> settlement, OutboxMetrics metrics, IOptions<OutboxOptions> options,
        OutageMonitor outages, TimeProvider time, ILogger<OutboxPublisher<TContext>> logger)
    {
        _cluster = new DependencyWatch(outages);
        _producer = producer;
        _settlement = settlement;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        // Long enough for the sweep to deliver the refused record first, if the cluster takes records again by then.
        _refusedSagaHold = options.Value.RetryMaxBackoff;
        Owner = options.Value.RelayId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        Lease = options.Value.LeaseDuration;
    }

    /// <summary>
    /// Who this process is in <see cref="OutboxMessage.ClaimedBy"/>: <see cref="OutboxOptions.RelayId"/> when configured
    /// (the same across restarts), otherwise unique per process.
    /// </summary>
    public string Owner { get; }

    /// <summary>How long a row this process wrote stays its own to produce before a sweep may take it over.</summary>
    public TimeSpan Lease { get; }

    /// <summary>Records committed but not yet acknowledged by the cluster.</summary>
    public long Producing => Interlocked.Read(ref _producing);

    /// <summary>Notes a row written to <paramref name="db"/>, to produce once the transaction that saves it commits.</summary>
    internal void Written(DbContext db, OutboxMessage row, KafkaRecord record)
    {
        var rows = _rows.GetOrCreateValue(db);
        lock (rows)
            rows.Written.Add(new WrittenRow(row, record));
    }

    /// <summary>SaveChanges of <paramref name="db"/> succeeded: the rows it inserted now wait for their transaction to commit.</summary>
    internal void Saved(DbContext db)
    {
        if (!_rows.TryGetValue(db, out var rows))
            return;
        lock (rows)
        {
            // The database assigns an id on insert; a row without one was added after this save.
            rows.Saved.AddRange(rows.Written.Where(written => written.Row.Id > 0));
            rows.Written.RemoveAll(written => written.Row.Id > 0);
        }
    }

    /// <summary>The transaction of <paramref name="db"/> committed: produce what it saved.</summary>
    internal void Committed(DbContext db)
    {
        if (!_rows.TryGetValue(db, out var rows))
            return;
        lock (rows)
        {
            if (rows.Saved.Count > 0)
            {
                Interlocked.Add(ref _producing, rows.Saved.Count);
                _committed.Writer.TryWrite([.. rows.Saved]);
            }
            rows.Saved.Clear();
        }
    }

    /// <summary>
    /// The commit of <paramref name="db"/>'s transaction failed in doubt (the connection broke during it): what it saved may
    /// have committed, so it is not produced here (it may not exist) but released to the sweep once the database answers.
    /// </summary>
    internal void InDoubt(DbContext db)
    {
        if (!_rows.TryGetValue(db, out var rows))
            return;
        lock (rows)
        {
            _settlement.InDoubt(rows.Saved.Select(written => written.Row));
            rows.Saved.Clear();
        }
    }

    /// <summary>
    /// A transaction of <paramref name="db"/> ended without a commit, or a new one starts (so an earlier one ended
    /// unseen, disposed without a commit): nothing it saved will commit, and rows the context no longer tracks never will.
    /// </summary>
    internal void Discarded(DbContext db)
    {
        if (!_rows.TryGetValue(db, out var rows))
            return;
        lock (rows)
        {
            rows.Saved.Clear();
            rows.Written.RemoveAll(written => db.Entry(written.Row).State == EntityState.Detached);
        }
    }

    /// <summary>
    /// Produces committed rows until stopped, then what was already committed, unless <paramref name="abandon"/> fires
    /// first. One produce at a time: what commits meanwhile queues up and goes out with the next one, so a later batch can
    /// never overtake an earlier one that the cluster refuses.
    /// </summary>
    internal async Task Run(CancellationToken stopping, CancellationToken abandon)
    {
        try
        {
            while (await _committed.Reader.WaitToReadAsync(stopping))
                await ProduceAvailable();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what is queued still goes out below.
        }

        try
        {
            while (_committed.Reader.TryPeek(out _))
                await ProduceAvailable().WaitAsync(abandon);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Stopped before Kafka acknowledged {Count} outbox records of {Database}; a sweep produces them once their claim ends",
                Producing, typeof(TContext).Name);
        }
    }

    /// <summary>
    /// Hands what is queued to the producer at once, in order, and settles it when the cluster answers. A saga whose
    /// earlier record was refused is left to the sweep for a while, which produces its records strictly in order: a newer
    /// one produced here could overtake the refused one.
    /// </summary>
    async Task ProduceAvailable()
    {
        var batch = new List<WrittenRow>();
        while (batch.Count < MaxRecordsPerProduce && _committed.Reader.TryRead(out var commit))
            batch.AddRange(commit);
        if (batch.Count == 0)
            return;

        var now = _time.GetUtcNow();
        var waiting = batch.Where(written => _refused.TryGetValue(written.Row.SagaId, out var until) && until > now).ToList();
        if (waiting.Count > 0)
        {
            _settlement.Released(waiting.Select(written => written.Row));
            batch = [.. batch.Except(waiting)];
        }

        try
        {
            await _producer.ProduceBatch([.. batch.Select(written => written.Record)], CancellationToken.None);
            _settlement.Delivered(batch.Select(written => written.Row.Id));
            _metrics.Delivered(typeof(TContext).Name, batch.Count);
            _cluster.Succeeded();
        }
        catch (Exception exception)
        {
            _cluster.Failed(exception);
            var until = _time.GetUtcNow() + _refusedSagaHold;
            foreach (var written in batch)
                _refused[written.Row.SagaId] = until;
            _settlement.Failed(batch.Select(written => written.Row), exception);
            _metrics.Failed(typeof(TContext).Name, batch.Count);
        }
        finally
        {
            Interlocked.Add(ref _producing, -(batch.Count + waiting.Count));
            ForgetExpiredRefusals(now);
        }
    }

    void ForgetExpiredRefusals(DateTimeOffset now)
    {
        if (_refused.IsEmpty)
            return;
        foreach (var (sagaId, until) in _refused)
        {
            if (until <= now)
                _refused.TryRemove(sagaId, out _);
        }
    }

    sealed record WrittenRow(OutboxMessage Row, KafkaRecord Record);

    /// <summary>One context's rows: written and not saved yet, and saved in a transaction that has not committed yet.</summary>
    sealed class ContextRows
    {
        public List<WrittenRow> Written { get; } = [];

        public List<WrittenRow> Saved { get; } = [];
    }
}
