using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_many_keys_are_consumed_concurrently(KafkaClusterFixture kafka)
{
    const int Keys = 24;
    const int PerKey = 12;
    static readonly Scenario<ProcessingLog> Consumed = new();

    Task<ProcessingLog> Run() => Consumed.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("order");
        var log = new ProcessingLog { Work = TimeSpan.FromMilliseconds(5) };
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.ConcurrencyLimit = 8),
            (context, k) => k.TopicEndpoint(topic, "order-group", e => e.ConfigureBusConsumer<NumberedConsumer>(context)),
            services => services.AddSingleton(log).AddSingleton(new BusName("only")),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());

        await NumberedRecords.Produce(bus.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.DistinctCount == Keys * PerKey, "every record was consumed");
        return log;
    });

    [Fact]
    public async Task Each_key_is_processed_in_offset_order() => Assert.Empty((await Run()).OrderViolations());

    [Fact]
    public async Task Records_of_one_key_never_overlap() => Assert.Equal(1, (await Run()).MaxConcurrencyPerKey);

    [Fact]
    public async Task Different_keys_are_processed_concurrently()
    {
        var log = await Run();
        Assert.True(log.MaxConcurrency > 1, $"max concurrency was {log.MaxConcurrency}");
    }

    [Fact]
    public async Task Records_spread_over_several_partitions() =>
        Assert.True((await Run()).Completed.Select(o => o.Partition).Distinct().Count() > 1);
}
