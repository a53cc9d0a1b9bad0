using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

/// <summary>
/// A member of a group is stopped while its lanes still hold fetched records, then another member takes over. Lanes
/// finish records out of offset order, so at the stop a partition has finished records above records not started yet;
/// the stop must run those gaps and commit everything finished, or the successor redoes work that was already done.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_consumer_stops_with_records_queued(KafkaClusterFixture kafka)
{
    const int Keys = 10;
    const int PerKey = 60;
    const int Partitions = 4;
    static readonly Scenario<Outcome> Stopped = new();

    Task<Outcome> Run() => Stopped.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("graceful-stop");
        var group = $"graceful-stop.{Guid.NewGuid():N}";
        var log = new ProcessingLog { Work = TimeSpan.FromMilliseconds(10) };

        var first = await ConsumerGroupBus.Start(kafka, topic, group, log, "first");
        await NumberedRecords.Produce(first.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.Completed.Count >= Keys * PerKey / 4, "a quarter of the records were consumed");
        await first.DisposeAsync();
        var finishedByFirst = log.Completed.Where(o => o.Consumer == "first").ToList();
        var committed = TopicReader.Committed(kafka.Cluster.BootstrapServers, topic, group, Partitions);

        await using var second = await ConsumerGroupBus.Start(kafka, topic, group, log, "second");
        await Wait.Until(() => log.DistinctCount == Keys * PerKey, "every record was consumed");
        return new Outcome(log, finishedByFirst, committed);
    });

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
