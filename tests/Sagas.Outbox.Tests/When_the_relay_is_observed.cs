using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>The readiness check and the <c>Sagas.Outbox</c> meter, on a fake clock with rounds run by hand.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_relay_is_observed(KafkaFixture kafka)
{
    readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Readiness_fails_while_the_oldest_row_waits_too_long_and_recovers_once_it_is_delivered()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, kafka.CreateTopic("health")), _time);
        await host.Send(NewId.NextGuid(), 1);

        Assert.Equal(HealthStatus.Healthy, await Readiness(host));
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HealthStatus.Unhealthy, await Readiness(host));

        await host.Delivery().RunAsync(CancellationToken.None, CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, await Readiness(host));
    }

    [Fact]
    public async Task Readiness_fails_once_the_relay_has_failed_every_round_for_too_long()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, "unused"), _time);
        var status = host.Services.GetRequiredService<OutboxRelayStatus<ParcelDbContext>>();

        status.Failed(_time.GetUtcNow());
        Assert.Equal(HealthStatus.Healthy, await Readiness(host));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HealthStatus.Unhealthy, await Readiness(host));

        status.Succeeded();
        Assert.Equal(HealthStatus.Healthy, await Readiness(host));
    }

    [Fact]
    public async Task Delivered_rows_are_counted()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, kafka.CreateTopic("metrics")), _time);
        var metrics = host.Services.GetRequiredService<OutboxMetrics>();
        long delivered = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == OutboxMetrics.MeterName && instrument.Name == "sagas.outbox.delivered")
                meterListener.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref delivered, value));
        listener.Start();
        await host.Send(NewId.NextGuid(), 1, 2, 3);

        await host.Delivery().RunAsync(CancellationToken.None, CancellationToken.None);

        Assert.NotNull(metrics);
        Assert.Equal(3, Interlocked.Read(ref delivered));
    }

    static async Task<HealthStatus> Readiness(OutboxHost host)
    {
        var check = host.Services.GetRequiredService<HealthCheckService>();
        var report = await check.CheckHealthAsync(registration => registration.Tags.Contains("outbox"));
        return report.Status;
    }
}
