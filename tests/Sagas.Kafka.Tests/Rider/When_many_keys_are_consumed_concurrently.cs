using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

/// <summary>
/// Many keys over four partitions: a partition's records run one batch at a time in offset order, partitions concurrently.
/// Run on an endpoint whose records run alone and on one whose ready records run as batches.
/// </summary>
public abstract class When_many_keys_are_consumed_concurrently(KafkaClusterFixture kafka)
{
    const int Keys = 24;
    const int PerKey = 12;

    protected abstract Scenario<Outcome> Shared { get; }

    protected abstract bool InBatches { get; }

    protected Task<Outcome> Run() => Shared.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("order");
        var log = new ProcessingLog { Work = TimeSpan.FromMilliseconds(5) };
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.ConcurrencyLimit = 8),
            (context, k) => k.TopicEndpoint(topic, "order-group", e =>
            {
                e.ConfigureBusConsumer<NumberedConsumer>(context);
                if (InBatches)
                    e.UseBatchUnitOfWork(_ => BatchUnitOfWork.None);
            }),
            services => services.AddSingleton(log).AddSingleton(new BusName("only")),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());
        var observer = new CountingReceiveObserver();
        using var _ = bus.Services.GetRequiredService<IBusControl>().ConnectReceiveObserver(observer);

        await NumberedRecords.Produce(bus.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.DistinctCount == Keys * PerKey && observer.Received == Keys * PerKey, "every record was consumed and observed");
        return new Outcome(log, observer.Received);
    });

    [Fact]
    public async Task Each_key_is_processed_in_order() => Assert.Empty((await Run()).Log.OrderViolations());

    [Fact]
    public async Task Each_partition_is_processed_in_offset_order() => Assert.Empty((await Run()).Log.PartitionOrderViolations());

    [Fact]
    public async Task Records_of_one_partition_never_overlap() => Assert.Equal(1, (await Run()).Log.MaxConcurrencyPerPartition);

    [Fact]
    public async Task Different_partitions_are_processed_concurrently()
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

[Collection(KafkaCollection.Name)]
public sealed class When_many_keys_are_consumed_concurrently_one_record_at_a_time(KafkaClusterFixture kafka) : When_many_keys_are_consumed_concurrently(kafka)
{
    static readonly Scenario<Outcome> Consumed = new();

    protected override Scenario<Outcome> Shared => Consumed;

    protected override bool InBatches => false;

    [Fact]
    public async Task No_record_runs_in_a_batch() => Assert.DoesNotContain((await Run()).Log.Completed, o => o.InBatch);
}

[Collection(KafkaCollection.Name)]
public sealed class When_many_keys_are_consumed_concurrently_in_batches(KafkaClusterFixture kafka) : When_many_keys_are_consumed_concurrently(kafka)
{
    static readonly Scenario<Outcome> Consumed = new();

    protected override Scenario<Outcome> Shared => Consumed;

    protected override bool InBatches => true;

    [Fact]
    public async Task Records_that_arrive_together_run_in_batches() => Assert.Contains((await Run()).Log.Completed, o => o.InBatch);
}
