using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Embedded;
using Sagas.Kafka.Readiness;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Testing;

namespace Sagas.Kafka.Tests.Readiness;

/// <summary>
/// The consumer groups check on a 3-broker embedded cluster of its own: a host is ready only once every one of its groups
/// has its partitions, and the check (and a gauge) names the groups still waiting. Not in the cluster collection: one test
/// provisions no topics.
/// </summary>
public sealed class When_a_host_joins_its_consumer_groups : IAsyncLifetime
{
    const int Endpoints = 6;
    const string WaitingGauge = "sagas.kafka.consumer.group.waiting";
    EmbeddedKafkaCluster _cluster = null!;

    public Task InitializeAsync()
    {
        _cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_host_is_ready_once_every_group_has_its_partitions()
    {
        var topics = Enumerable.Range(0, Endpoints).Select(index => KafkaClusterFixture.UniqueTopic($"ready-{index}")).ToList();
        await using var bus = await Start(new KafkaOptions { Partitions = 3, ReplicationFactor = 3 }, topics);

        var result = await Eventually.Value(() => Check(bus), r => r.Status == HealthStatus.Healthy, "every group is assigned");

        Assert.Equal(topics.Select(Group).Order(), result.Data.Keys.Order());
        Assert.All(result.Data.Values, partitions => Assert.StartsWith("3 partition(s)", partitions.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_group_without_partitions_keeps_the_host_not_ready_and_is_named()
    {
        var present = KafkaClusterFixture.UniqueTopic("present");
        var missing = KafkaClusterFixture.UniqueTopic("missing");
        _cluster.CreateTopic(present, partitions: 2, replicationFactor: 3);
        using var metrics = new MetricRecorder();
        await using var bus = await Start(new KafkaOptions { ProvisionTopics = false }, [present, missing]);

        await Eventually.Until(async () => (await Check(bus)).Data[Group(present)].ToString()!.StartsWith("2 partition(s)", StringComparison.Ordinal),
            "the group of the existing topic is assigned");
        var result = await Check(bus);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(Group(missing), result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Group(present), result.Description, StringComparison.Ordinal);
        Assert.Equal((0L, 1L), (metrics.Gauge(WaitingGauge, present)[-1], metrics.Gauge(WaitingGauge, missing)[-1]));
    }

    [Fact]
    public async Task A_member_the_coordinator_gives_no_partitions_is_ready_too()
    {
        var topic = KafkaClusterFixture.UniqueTopic("single");
        _cluster.CreateTopic(topic, partitions: 1, replicationFactor: 3);
        await using var first = await Start(new KafkaOptions { ProvisionTopics = false }, [topic]);
        await Eventually.Until(async () => (await Check(first)).Status == HealthStatus.Healthy, "the first member has the partition");

        await using var second = await Start(new KafkaOptions { ProvisionTopics = false }, [topic]);
        var results = await Eventually.Value(async () => (await Check(first), await Check(second)),
            pair => pair.Item1.Status == HealthStatus.Healthy && pair.Item2.Status == HealthStatus.Healthy, "both members are assigned after the rebalance");

        Assert.Equal(new[] { "0 partition(s)", "1 partition(s)" },
            new[] { results.Item1, results.Item2 }.Select(result => result.Data[Group(topic)].ToString()![..14]).Order(StringComparer.Ordinal));
    }

    async Task<TestBusHost> Start(KafkaOptions options, IReadOnlyList<string> topics)
    {
        options.BootstrapServers = null;
        options.SessionTimeout = TimeSpan.FromSeconds(3);
        options.StartTimeout = TimeSpan.FromSeconds(2);
        options.FetchWaitMaxMs = 10;

        var services = new ServiceCollection();
        services.AddTestLogging();
        services.AddMetrics();
        services.AddSingleton<IOptions<KafkaOptions>>(Options.Create(options));
        services.AddSingleton(_cluster);
        services.AddMassTransit(x =>
        {
            x.AddRider(rider => rider.UsingKafka((_, kafka) =>
            {
                foreach (var topic in topics)
                    kafka.TopicEndpoint(topic, Group(topic), endpoint => endpoint.Handler<Messages.Pong>(_ => Task.CompletedTask));
            }));
            x.UsingInMemory();
        });

        var host = new TestBusHost(services.BuildServiceProvider());
        await Wait.Bounded(host.Bus.StartAsync(), "the bus started");
        return host;
    }

    static Task<HealthCheckResult> Check(TestBusHost bus) =>
        bus.Provider.GetRequiredService<ConsumerGroupsHealthCheck>().CheckHealthAsync(new HealthCheckContext());

    static string Group(string topic) => $"{topic}-group";

    sealed class TestBusHost(ServiceProvider provider) : IAsyncDisposable
    {
        public ServiceProvider Provider => provider;

        public IBusControl Bus { get; } = provider.GetRequiredService<IBusControl>();

        public async ValueTask DisposeAsync()
        {
            await Wait.Bounded(Bus.StopAsync(), "the bus stopped");
            await provider.DisposeAsync();
        }
    }
}
