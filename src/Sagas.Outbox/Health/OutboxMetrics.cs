using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Sagas.Outbox;

/// <summary>
/// The <c>Sagas.Outbox</c> meter, one per process for every outbox database (tag <c>database</c>: the DbContext's
/// name). The gauges report the backlog last read (by the sweep, and by the readiness check), aged to the moment of
/// collection, so collecting metrics never queries the database.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "Sagas.Outbox";

    readonly ConcurrentDictionary<string, OutboxBacklog> _backlogs = new();
    readonly Counter<long> _written;
    readonly Counter<long> _delivered;
    readonly Counter<long> _failures;
    readonly Counter<long> _timeoutsFired;

    public OutboxMetrics(IMeterFactory meters, TimeProvider time)
    {
        var meter = meters.Create(MeterName);
        _written = meter.CreateCounter<long>("sagas.outbox.written", "{row}", "Outbox rows written: records sent, and records scheduled.");
        _delivered = meter.CreateCounter<long>("sagas.outbox.delivered", "{row}", "Outbox records produced to Kafka.");
        _failures = meter.CreateCounter<long>("sagas.outbox.failures", "{failure}",
            "Outbox records Kafka refused (they are tried again).");
        _timeoutsFired = meter.CreateCounter<long>("sagas.outbox.timeouts.fired", "{record}",
            "Scheduled records (saga timeouts) the sweep produced once they fell due.");
        meter.CreateObservableGauge("sagas.outbox.pending", () => _backlogs.Select(backlog =>
            new Measurement<long>(backlog.Value.Pending, Tag(backlog.Key))), "{row}", "Outbox records sent and not yet produced.");
        meter.CreateObservableGauge("sagas.outbox.oldest_pending_age", () => _backlogs.Select(backlog =>
            new Measurement<double>(backlog.Value.OldestAge(time.GetUtcNow()).TotalSeconds, Tag(backlog.Key))), "s",
            "Age of the oldest outbox record not yet produced, when last looked.");
    }

    internal void Written(string database) => _written.Add(1, Tag(database));

    internal void Delivered(string database, int rows)
    {
        if (rows > 0)
            _delivered.Add(rows, Tag(database));
    }

    internal void TimeoutsFired(string database, int records)
    {
        if (records > 0)
            _timeoutsFired.Add(records, Tag(database));
    }

    internal void Failed(string database, int failures)
    {
        if (failures > 0)
            _failures.Add(failures, Tag(database));
    }

    internal void Observed(string database, OutboxBacklog backlog) => _backlogs[database] = backlog;

    static KeyValuePair<string, object?> Tag(string database) => new("database", database);
}
