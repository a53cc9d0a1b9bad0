using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_a_member_joins_and_leaves_the_group(KafkaClusterFixture kafka)
{
    const int Keys = 16;
    const int PerKey = 25;
    const int Total = Keys * PerKey * 2;
    const string Group = "rebalance-group";
    static readonly Scenario<ProcessingLog> Rebalanced = new();

    Task<ProcessingLog> Run() => Rebalanced.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("rebalance");
        var log = new ProcessingLog { Work = TimeSpan.FromMilliseconds(10) };

        await using var first = await ConsumerGroupBus.Start(kafka, topic, Group, log, "first");
        var keys = await NumberedRecords.Produce(first.Producer, topic, Keys, PerKey);
        await Wait.Until(() => log.Completed.Count >= 40, "the first member consumed some records");

        // Its start returns once it has partitions; records produced from then on reach both members.
        var second = await ConsumerGroupBus.Start(kafka, topic, Group, log, "second");
        await NumberedRecords.ProduceMore(first.Producer, topic, keys, PerKey, PerKey);
        await Wait.Until(() => log.Completed.Count(o => o.Consumer == "second") >= 20, "the second member got partitions and consumed");
        await second.DisposeAsync();

        await Wait.Until(() => log.DistinctCount == Total, "every record was consumed");
        return log;
    });

    [Fact]
    public async Task Both_members_processed_records() =>
        Assert.Equal(["first", "second"], (await Run()).Completed.Select(o => o.Consumer).Distinct().Order());

    [Fact]
    public async Task No_record_is_lost() => Assert.Equal(Total, (await Run()).DistinctCount);

    [Fact]
    public async Task Each_key_stays_in_order() => Assert.Empty((await Run()).OrderViolations());

    [Fact]
    public async Task A_key_is_never_processed_by_both_members_at_once() => Assert.Equal(1, (await Run()).MaxConcurrencyPerKey);
}
