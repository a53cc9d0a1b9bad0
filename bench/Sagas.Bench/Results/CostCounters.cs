using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sagas.Bench.Results;

/// <summary>
/// Counts, over one measured run, the work the cost model is about: database commits and statements per database
/// (from EF Core's diagnostics, so Quartz's own job-store transactions are not among them), Kafka records produced and
/// outbox rows written (from the platform's meters). Only what runs in this process is seen: with <c>--url</c> every
/// count is zero.
/// </summary>
public sealed class CostCounters : IObserver<DiagnosticListener>, IDisposable
{
    static readonly string Committed = RelationalEventId.TransactionCommitted.Name!;
    static readonly string Executed = RelationalEventId.CommandExecuted.Name!;

    readonly ConcurrentDictionary<string, long> _commits = new();
    readonly ConcurrentDictionary<string, long> _statements = new();
    readonly List<IDisposable> _subscriptions = [];
    readonly MeterListener _meters = new();
    long _kafkaRecords;
    long _outboxRows;

    CostCounters()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "sagas.kafka.records.produced" or "sagas.outbox.written")
                listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "sagas.kafka.records.produced")
                Interlocked.Add(ref _kafkaRecords, value);
            else
                Interlocked.Add(ref _outboxRows, value);
        });
        _meters.Start();
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public static CostCounters Start() => new();

    /// <summary>What the run cost per saga started.</summary>
    public CostPerSaga Per(long sagas)
    {
        double Each(long count) => sagas == 0 ? 0 : Math.Round((double)count / sagas, 2);
        return new CostPerSaga(
            _commits.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => Each(c.Value)),
            _statements.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => Each(c.Value)),
            Each(Interlocked.Read(ref _kafkaRecords)),
            Each(Interlocked.Read(ref _outboxRows)));
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == Microsoft.EntityFrameworkCore.DbLoggerCategory.Name)
            _subscriptions.Add(listener.Subscribe(new Observer(this), name => name == Committed || name == Executed));
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _meters.Dispose();
        _subscriptions.ForEach(subscription => subscription.Dispose());
    }

    /// <summary>The service a context belongs to: its type's name without the DbContext suffix, in lower case.</summary>
    static string DatabaseOf(Microsoft.EntityFrameworkCore.DbContext? context) =>
        context?.GetType().Name.Replace("DbContext", "", StringComparison.Ordinal).ToLowerInvariant() ?? "unknown";

    sealed class Observer(CostCounters counters) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is TransactionEndEventData committed && value.Key == Committed)
                counters._commits.AddOrUpdate(DatabaseOf(committed.Context), 1, (_, n) => n + 1);
            else if (value.Value is CommandExecutedEventData executed)
                counters._statements.AddOrUpdate(DatabaseOf(executed.Context), 1, (_, n) => n + 1);
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

/// <summary>Per saga started: commits and statements per database, Kafka records produced, outbox rows written.</summary>
public sealed record CostPerSaga(IReadOnlyDictionary<string, double> Commits, IReadOnlyDictionary<string, double> Statements,
    double KafkaRecords, double OutboxRows)
{
    public double TotalCommits => Commits.Values.Sum();
}
