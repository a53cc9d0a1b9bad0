using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_a_consumer_is_stopped_and_restarted(KafkaClusterFixture kafka)
{
    const int Keys = 10;
    const int PerKey = 60;
    const string Group = "restart-group";
    static readonly Scenario<Outcome> Restarted = new();

    Task<Outcome> Run() => Restarted.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("restart");
        var log = new ProcessingLog { Work = TimeSpan.FromMilliseconds(10) };

        var first = await ConsumerGroupBus.Start(kafka, topic, Group, log, "first");
        await NumberedRecords.Produce(first.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.Completed.Count >= Keys * PerKey / 4, "a quarter of the records were consumed");
        await first.DisposeAsync();

        var committed = TopicReader.Committed(kafka.Cluster.BootstrapServers, topic, Group, partitions: 4);
        var completedBeforeStop = log.Completed.Count;

        await using var second = await ConsumerGroupBus.Start(kafka, topic, Group, log, "second");
        await Wait.Until(() => log.DistinctCount == Keys * PerKey, "every record was consumed");
        return new Outcome(log, committed, completedBeforeStop);
    });

    [Fact]
    public async Task The_stop_happened_mid_stream_with_progress_committed()
    {
        var outcome = await Run();
        Assert.InRange(outcome.CompletedBeforeStop, 1, Keys * PerKey - 1);
        Assert.True(outcome.Committed.Values.Sum(offset => Math.Max(offset, 0)) > 0, "nothing was committed before the stop");
    }

    [Fact]
    public async Task Every_record_is_processed_at_least_once()
    {
        var outcome = await Run();
        var expected = Enumerable.Range(0, PerKey).Count() * Keys;
        Assert.Equal(expected, outcome.Log.DistinctCount);
    }

    [Fact]
    public async Task Records_committed_before_the_stop_are_not_processed_again()
    {
        var outcome = await Run();
        var redeliveredBelowCommit = outcome.Log.Completed
            .Where(o => o.Consumer == "second" && o.Offset < outcome.Committed.GetValueOrDefault(o.Partition, 0))
            .ToList();
        Assert.Empty(redeliveredBelowCommit);
    }

    [Fact]
    public async Task Everything_the_first_consumer_finished_was_committed_or_redelivered()
    {
        var outcome = await Run();
        var lost = outcome.Log.Completed
            .Where(o => o.Consumer == "first")
            .Where(o => o.Offset >= outcome.Committed.GetValueOrDefault(o.Partition, 0))
            .Where(o => !outcome.Log.Completed.Any(again => again.Consumer == "second" && again.Key == o.Key && again.Sequence == o.Sequence));
        Assert.Empty(lost);
    }

    [Fact]
    public async Task Each_key_stays_in_order_across_the_restart() => Assert.Empty((await Run()).Log.OrderViolations());

    public sealed record Outcome(ProcessingLog Log, Dictionary<int, long> Committed, int CompletedBeforeStop);
}
