using Confluent.Kafka;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// Records of one batch each send a message to a topic and answer their ResponseAddress, another topic. The batch's commit is
/// held for a while, then the produce that follows it is slowed by retriable errors, while the group's commits are watched.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_batch_sends_messages(KafkaClusterFixture kafka)
{
    const int Queued = 4;
    const short ProduceApi = 0;
    const int ProduceRetries = 4;
    static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(100);
    static readonly Scenario<Outcome> Sent = new();

    Task<Outcome> Run() => Sent.Outcome(async () =>
    {
        var sends = KafkaClusterFixture.UniqueTopic("batch-sends");
        var replies = KafkaClusterFixture.UniqueTopic("batch-replies");
        var committing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = new UnitOfWorkScript
        {
            BeforeCommit = async _ =>
            {
                committing.TrySetResult();
                await commit.Task.WaitAsync(TimeSpan.FromSeconds(30));
            },
        };
        await using var bus = await WorkBus.Start(kafka, "batch-sends", unitOfWork: true, o => o.CheckpointInterval = CheckpointInterval, script,
            outputs: [sends, replies]);

        // Offset 0 is the hold record, which sends nothing; each record after it sends one message to each topic.
        var watch = new CommitWatch(kafka.Cluster.BootstrapServers, bus.Topic, bus.Group, [sends, replies], committed => committed - 1);
        Dictionary<string, long> producedAtCommit;
        await using (watch)
        {
            await bus.QueueBehindHold(await bus.Work(1, Queued, sendTo: sends, responseAddress: TopicAddress.For(replies)));
            await Wait.Bounded(committing.Task, "the batch's unit of work began to commit");
            producedAtCommit = new() { [sends] = watch.Held(sends), [replies] = watch.Held(replies) };

            // Long enough for a checkpoint to commit whatever was finished early; then the produce after the commit is slowed.
            var samples = watch.Samples;
            await Task.Delay(3 * CheckpointInterval);
            await Wait.Until(() => watch.Samples > samples + 3, "the commits were watched while the unit of work was committing");
            kafka.Cluster.PushRequestErrors(ProduceApi, [.. Enumerable.Repeat(ErrorCode.NotEnoughReplicas, ProduceRetries)]);
            commit.SetResult();

            await bus.CommittedUpTo(Queued + 1);
        }

        return new Outcome(bus.Timeline, producedAtCommit, bus.ReadAll(sends), bus.ReadAll(replies), watch.Violations);
    });

    [Fact]
    public async Task The_records_ran_as_one_committed_unit_of_work()
    {
        var unit = Assert.Single((await Run()).Timeline.Units);
        Assert.Equal(StepKind.Committed, unit.Last().Kind);
        Assert.Equal(Queued, unit.Count(step => step.Kind == StepKind.Handled));
    }

    [Fact]
    public async Task Nothing_is_produced_before_the_unit_of_work_commits() =>
        Assert.All((await Run()).ProducedAtCommit.Values, produced => Assert.Equal(0L, produced));

    [Fact]
    public async Task What_it_sent_is_produced_once_after_the_commit()
    {
        var outcome = await Run();
        Assert.Equal(Enumerable.Range(1, Queued), outcome.Sends.Select(WorkBus.SequenceOf));
        Assert.Equal(Enumerable.Range(1, Queued), outcome.Replies.Select(WorkBus.SequenceOf));
    }

    [Fact]
    public async Task Its_offsets_are_committed_only_after_what_it_sent_was_produced() => Assert.Empty((await Run()).Violations);

    public sealed record Outcome(Timeline Timeline, Dictionary<string, long> ProducedAtCommit, List<ConsumeResult<byte[], byte[]>> Sends,
        List<ConsumeResult<byte[], byte[]>> Replies, IReadOnlyList<string> Violations);
}
