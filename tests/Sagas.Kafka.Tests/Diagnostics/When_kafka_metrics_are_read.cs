using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Diagnostics;

/// <summary>Records pile up behind a held consumer, one is dead-lettered, then the consumer catches up.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_kafka_metrics_are_read(KafkaClusterFixture kafka)
{
    const int Held = 5;
    static readonly Scenario<Outcome> Observed = new();

    Task<Outcome> Run() => Observed.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("metered");
        var key = Guid.NewGuid();
        var gate = new Gate();
        var log = new ProcessingLog();
        using var metrics = new MetricRecorder();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.Partitions = 1),
            (context, k) => k.TopicEndpoint(topic, "metered-group", e => e.ConfigureBusConsumer<GatedNumberedConsumer>(context)),
            services => services.AddSingleton(gate).AddSingleton(log),
            x => x.AddConsumer<GatedNumberedConsumer>().ExcludeFromConfigureEndpoints());

        await bus.Producer.ProduceBatch([.. Enumerable.Range(0, Held).Select(n => bus.Producer.Serialize(topic, key, new Numbered(key, n)))]);
        await Wait.Until(() => metrics.Gauge("sagas.kafka.consumer.lag", topic).GetValueOrDefault(0) == Held, "the held records show as lag");
        var lagWhileHeld = metrics.Gauge("sagas.kafka.consumer.lag", topic)[0];

        gate.Open();
        await bus.Producer.Produce(topic, key, new Unhandled(key));
        await Wait.Until(() => metrics.Total("sagas.kafka.records.dead_lettered", topic) == 1, "the unhandled record was dead-lettered");
        await Wait.Until(() => metrics.Gauge("sagas.kafka.consumer.lag", topic).GetValueOrDefault(0, -1) == 0, "the lag went back to zero once committed");

        return new Outcome(lagWhileHeld, metrics.Gauge("sagas.kafka.consumer.lag", topic)[0], metrics.Total("sagas.kafka.records.produced", topic), metrics.Total("sagas.kafka.records.produced", topic + ".dlq"),
            log.DistinctCount);
    });

    [Fact]
    public async Task Lag_counts_the_records_not_yet_committed() => Assert.Equal(Held, (await Run()).LagWhileHeld);

    [Fact]
    public async Task Every_acknowledged_record_is_counted_per_topic()
    {
        var outcome = await Run();
        Assert.Equal(Held + 1, outcome.Produced);
        Assert.Equal(1, outcome.DeadLettersProduced);
    }

    [Fact]
    public async Task Lag_returns_to_zero_once_everything_is_consumed()
    {
        var outcome = await Run();
        Assert.Equal(Held, outcome.Consumed);
        Assert.Equal(0, outcome.LagAfter);
    }

    public sealed record Outcome(long LagWhileHeld, long LagAfter, long Produced, long DeadLettersProduced, int Consumed);
}
