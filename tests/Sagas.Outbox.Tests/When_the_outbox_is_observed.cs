using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>The readiness check and the <c>Sagas.Outbox</c> meter, on a fake clock with sweeps run by hand.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_outbox_is_observed(KafkaFixture kafka)
{
    readonly FakeTimeProvider _time = TestClock.Now();

    [Fact]
    public async Task Readiness_fails_while_a_record_waits_too_long_and_recovers_once_it_is_delivered()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("backlog"), _time);
        await host.Send(NewId.NextGuid(), 1);

        var waiting = await Readiness(host);
        Assert.Equal(HealthStatus.Healthy, waiting.Status);
        Assert.Equal(1L, waiting.Data["pending"]);

        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HealthStatus.Unhealthy, (await Readiness(host)).Status);

        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal(HealthStatus.Healthy, (await Readiness(host)).Status);
    }

    [Fact]
    public async Task Readiness_fails_while_a_scheduled_record_stays_overdue_too_long()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("overdue"), _time);
        await host.Schedule(NewId.NextGuid(), 1, NewId.NextGuid(), _time.GetUtcNow() + TimeSpan.FromMinutes(10));

        _time.Advance(TimeSpan.FromMinutes(14));
        var due = await Readiness(host);
        Assert.Equal(HealthStatus.Healthy, due.Status);
        Assert.Equal((0L, 1L), (due.Data["pending"], due.Data["overdueTimeouts"]));

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HealthStatus.Unhealthy, (await Readiness(host)).Status);

        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal(HealthStatus.Healthy, (await Readiness(host)).Status);
    }

    [Fact]
    public async Task Readiness_fails_once_sweeps_have_failed_against_the_database_for_too_long()
    {
        await using var database = TestDatabase.Sqlite();
        // Whole seconds: Microsoft.Data.Sqlite takes the busy timeout in seconds, and 0 as no limit.
        var settings = OutboxHost.Settings(database, s => s["Persistence:SqliteBusyTimeout"] = "00:00:01");
        await using var host = await OutboxHost.WithoutDelivery(kafka, settings, kafka.CreateTopic("failing"), _time);

        await using (await HoldWriteLock(database))
        {
            // Readers still get through (WAL), so the backlog reads while the sweep's claim cannot write.
            Assert.Equal(0, await host.Sweeper.Sweep(CancellationToken.None));
            Assert.Equal(HealthStatus.Healthy, (await Readiness(host)).Status);
            _time.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(HealthStatus.Unhealthy, (await Readiness(host)).Status);
        }

        await host.Sweeper.Sweep(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await Readiness(host)).Status);
    }

    [Fact]
    public async Task Rows_written_and_delivered_are_counted_and_the_backlog_last_read_is_reported()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("metrics"), _time);
        using var written = new Counted(OutboxMetrics.MeterName, "sagas.outbox.written");
        using var delivered = new Counted(OutboxMetrics.MeterName, "sagas.outbox.delivered");
        await host.Send(NewId.NextGuid(), 1, 2, 3);
        await host.Schedule(NewId.NextGuid(), 4, NewId.NextGuid(), _time.GetUtcNow() + TimeSpan.FromMinutes(1));
        Assert.Equal(4, written.Total);

        _time.Advance(TimeSpan.FromSeconds(30));
        await Readiness(host);
        Assert.Equal([3.0, 30.0], Gauges());

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal(4, delivered.Total);
        await Readiness(host);
        Assert.Equal([0.0, 0.0], Gauges());
    }

    static async Task<HealthReportEntry> Readiness(OutboxHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(registration => registration.Tags.Contains("outbox"));
        return Assert.Single(report.Entries).Value;
    }

    /// <summary>The gauges <c>sagas.outbox.pending</c> and <c>sagas.outbox.oldest_pending_age</c>, as collected now.</summary>
    static double[] Gauges()
    {
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == OutboxMetrics.MeterName && instrument.Name is "sagas.outbox.pending" or "sagas.outbox.oldest_pending_age")
                meterListener.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return [values["sagas.outbox.pending"], values["sagas.outbox.oldest_pending_age"]];
    }

    /// <summary>Another process's open write transaction on the service's SQLite file.</summary>
    static async Task<SqliteConnection> HoldWriteLock(TestDatabase database)
    {
        // Unpooled, so closing it ends its transaction.
        var file = Path.Combine(database.Settings()["Persistence:DataDirectory"]!, database.Service + ".db");
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }
}
