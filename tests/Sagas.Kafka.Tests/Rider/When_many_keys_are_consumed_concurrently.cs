using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_many_keys_are_consumed_concurrently(KafkaClusterFixture kafka)
{
    const int Keys = 24;
    const int PerKey = 12;
    static readonly Scenario<Outcome> Consumed = new();

    Task<Outcome> Run() => Consumed.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("order");
        var log = new ProcessingLog { Work = TimeSpan.FromMilliseconds(5) };
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.ConcurrencyLimit = 8),
            (context, k) => k.TopicEndpoint(topic, "order-group", e => e.ConfigureBusConsumer<NumberedConsumer>(context)),
            services => services.AddSingleton(log).AddSingleton(new BusName("only")),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());
        var observer = new CountingReceiveObserver();
        using var _ = bus.Services.GetRequiredService<IBusControl>().ConnectReceiveObserver(observer);

        await NumberedRecords.Produce(bus.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.DistinctCount == Keys * PerKey && observer.Received == Keys * PerKey, "every record was consumed and observed");
        return new Outcome(log, observer.Received);
    });

    [Fact]
    public async Task Each_key_is_processed_in_offset_order() => Assert.Empty((await Run()).Log.OrderViolations());

    [Fact]
    public async Task Records_of_one_key_never_overlap() => Assert.Equal(1, (await Run()).Log.MaxConcurrencyPerKey);

    [Fact]
    public async Task Different_keys_are_processed_concurrently()
    {
        var log = (await Run()).Log;
        Assert.True(log.MaxConcurrency > 1, $"max concurrency was {log.MaxConcurrency}");
    }

    [Fact]
    public async Task Records_spread_over_several_partitions() =>
        Assert.True((await Run()).Log.Completed.Select(o => o.Partition).Distinct().Count() > 1);

    [Fact]
    public async Task Bus_receive_observers_see_every_record() => Assert.Equal(Keys * PerKey, (await Run()).Observed);

    public sealed record Outcome(ProcessingLog Log, int Observed);
}
