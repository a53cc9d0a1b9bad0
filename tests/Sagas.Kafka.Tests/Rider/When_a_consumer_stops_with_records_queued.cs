using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

/// <summary>
/// A member of a group is stopped while its partitions' lanes still hold fetched records behind the ones running, then
/// another member takes over. The stop must let what runs finish, start nothing queued, and commit everything finished
/// before it leaves, or the successor redoes work that was already done (or skips what was not). Run with records handled
/// one at a time and with a partition's ready records handled as batches.
/// </summary>
public abstract class When_a_consumer_stops_with_records_queued(KafkaClusterFixture kafka)
{
    const int Keys = 10;
    const int PerKey = 60;
    const int Partitions = 4;

    protected abstract Scenario<Outcome> Shared { get; }

    protected abstract bool InBatches { get; }

    protected Task<Outcome> Run() => Shared.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("graceful-stop");
        var group = $"graceful-stop.{Guid.NewGuid():N}";
        var log = new ProcessingLog { Work = TimeSpan.FromMilliseconds(10) };

        var first = await ConsumerGroupBus.Start(kafka, topic, group, log, "first", InBatches);
        await NumberedRecords.Produce(first.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.Completed.Count >= Keys * PerKey / 4, "a quarter of the records were consumed");
        await first.DisposeAsync();
        var finishedByFirst = log.Completed.Where(o => o.Consumer == "first").ToList();
        var committed = TopicReader.Committed(kafka.Cluster.BootstrapServers, topic, group, Partitions);

        await using var second = await ConsumerGroupBus.Start(kafka, topic, group, log, "second", InBatches);
        await Wait.Until(() => log.DistinctCount == Keys * PerKey, "every record was consumed");
        return new Outcome(log, finishedByFirst, committed);
    });

    [Fact]
    public async Task The_stop_happened_with_records_left_for_the_successor() =>
        Assert.InRange((await Run()).FinishedByFirst.Count, 1, Keys * PerKey - 1);

    [Fact]
    public async Task The_stop_commits_past_every_record_it_finished()
    {
        var outcome = await Run();
        var behind = outcome.FinishedByFirst
            .GroupBy(o => o.Partition)
            .Where(partition => outcome.Committed.GetValueOrDefault(partition.Key, -1) <= partition.Max(o => o.Offset))
            .Select(partition => $"partition {partition.Key}: committed {outcome.Committed.GetValueOrDefault(partition.Key, -1)}, finished up to {partition.Max(o => o.Offset)}");
        Assert.Empty(behind);
    }

    [Fact]
    public async Task The_successor_processes_nothing_the_stopped_member_finished()
    {
        var outcome = await Run();
        var finished = outcome.FinishedByFirst.Select(o => (o.Key, o.Sequence)).ToHashSet();
        var redone = outcome.Log.Completed.Where(o => o.Consumer == "second" && finished.Contains((o.Key, o.Sequence))).ToList();
        Assert.True(redone.Count == 0, $"{redone.Count} of the {finished.Count} records the first member finished were processed again");
    }

    [Fact]
    public async Task Each_key_stays_in_order_across_the_stop() => Assert.Empty((await Run()).Log.OrderViolations());

    public sealed record Outcome(ProcessingLog Log, IReadOnlyList<Observation> FinishedByFirst, Dictionary<int, long> Committed);
}

[Collection(KafkaCollection.Name)]
public sealed class When_a_consumer_stops_with_records_queued_one_at_a_time(KafkaClusterFixture kafka) : When_a_consumer_stops_with_records_queued(kafka)
{
    static readonly Scenario<Outcome> Stopped = new();

    protected override Scenario<Outcome> Shared => Stopped;

    protected override bool InBatches => false;
}

[Collection(KafkaCollection.Name)]
public sealed class When_a_consumer_stops_with_records_queued_in_batches(KafkaClusterFixture kafka) : When_a_consumer_stops_with_records_queued(kafka)
{
    static readonly Scenario<Outcome> Stopped = new();

    protected override Scenario<Outcome> Shared => Stopped;

    protected override bool InBatches => true;

    [Fact]
    public async Task The_stopped_member_was_running_batches() => Assert.Contains((await Run()).FinishedByFirst, o => o.InBatch);
}
