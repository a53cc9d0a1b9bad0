using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Rider;

namespace Sagas.Kafka.Tests.Health;

[Collection(KafkaCollection.Name)]
public sealed class When_the_broker_goes_down_and_comes_back(KafkaClusterFixture kafka)
{
    const int Keys = 8;
    const int PerKey = 5;
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);
    static readonly Scenario<Outcome> Outaged = new();

    Task<Outcome> Run() => Outaged.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("outage");
        var log = new ProcessingLog();
        await using var bus = await TestBus.Start(kafka, kafka.Options(),
            (context, k) => k.TopicEndpoint(topic, "outage-group", e => e.ConfigureBusConsumer<NumberedConsumer>(context)),
            services => services.AddSingleton(log).AddSingleton(new BusName("only")),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());
        var health = bus.Services.GetRequiredService<KafkaHealthCheck>();
        var busControl = bus.Services.GetRequiredService<IBusControl>();

        await NumberedRecords.Produce(bus.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.DistinctCount == Keys * PerKey, "the records before the outage were consumed");
        await WaitForHealth(health, HealthStatus.Healthy, "healthy before the outage");

        kafka.Cluster.TakeBrokerDown(1);
        HealthStatus duringOutage;
        BusHealthStatus busDuringOutage;
        Task producedDuringOutage;
        try
        {
            producedDuringOutage = NumberedRecords.Produce(bus.Producer, topic, Keys, PerKey);
            duringOutage = await WaitForHealth(health, HealthStatus.Unhealthy, "unhealthy during the outage");
            busDuringOutage = busControl.CheckHealth().Endpoints.Values.Single(e => e.InputAddress.AbsolutePath.Contains(topic, StringComparison.Ordinal)).Status;
            await Task.Delay(Outage);
        }
        finally
        {
            kafka.Cluster.BringBrokerUp(1);
        }

        await Wait.Bounded(producedDuringOutage, "the records produced during the outage were acknowledged");
        await Wait.Until(() => log.DistinctCount == 2 * Keys * PerKey, "the records produced during the outage were consumed");
        var afterOutage = await WaitForHealth(health, HealthStatus.Healthy, "healthy after the outage");
        return new Outcome(log, duringOutage, busDuringOutage, afterOutage);
    });

    [Fact]
    public async Task Health_reports_unhealthy_while_the_cluster_is_unreachable() => Assert.Equal(HealthStatus.Unhealthy, (await Run()).DuringOutage);

    [Fact]
    public async Task The_bus_health_reports_the_topic_endpoint_unhealthy_too() =>
        Assert.Equal(BusHealthStatus.Unhealthy, (await Run()).BusDuringOutage);

    [Fact]
    public async Task Health_recovers_by_itself() => Assert.Equal(HealthStatus.Healthy, (await Run()).AfterOutage);

    [Fact]
    public async Task Records_produced_during_the_outage_are_consumed_after_it() =>
        Assert.Equal(2 * Keys * PerKey, (await Run()).Log.DistinctCount);

    [Fact]
    public async Task Each_key_stays_in_order() => Assert.Empty((await Run()).Log.OrderViolations());

    static async Task<HealthStatus> WaitForHealth(KafkaHealthCheck health, HealthStatus expected, string what)
    {
        var status = HealthStatus.Degraded;
        await Wait.Until(() => (status = health.CheckHealthAsync(new HealthCheckContext()).GetAwaiter().GetResult().Status) == expected, what);
        return status;
    }

    public sealed record Outcome(ProcessingLog Log, HealthStatus DuringOutage, BusHealthStatus BusDuringOutage, HealthStatus AfterOutage);
}
