using Confluent.Kafka;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>Four records queue behind a held one, each sending a message; the first commit of a unit of work throws.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_batch_cannot_commit(KafkaClusterFixture kafka)
{
    const int Queued = 4;
    static readonly Scenario<Outcome> Refused = new();

    Task<Outcome> Run() => Refused.Outcome(async () =>
    {
        var sends = KafkaClusterFixture.UniqueTopic("uncommitted-batch-sends");
        await using var bus = await WorkBus.Start(kafka, "uncommitted-batch", unitOfWork: true, script: new UnitOfWorkScript { CommitsToFail = 1 },
            outputs: [sends]);
        await bus.QueueBehindHold(await bus.Work(1, Queued, sends));
        await bus.CommittedUpTo(Queued + 1);
        return new Outcome(bus.Timeline, bus.Ledger, bus.ReadAll(sends), bus.ReadAll(bus.DeadLetterTopic));
    });

    [Fact]
    public async Task The_unit_of_work_is_rolled_back_after_its_commit_failed()
    {
        var unit = Assert.Single((await Run()).Timeline.Units);
        Assert.Equal([StepKind.Began, .. Enumerable.Repeat(StepKind.Handled, Queued), StepKind.CommitFailed, StepKind.RolledBack], unit.Select(step => step.Kind));
    }

    [Fact]
    public async Task Its_records_then_run_alone_in_order_each_in_its_own_scope()
    {
        var alone = (await Run()).Timeline.Alone;
        Assert.Equal(Enumerable.Range(1, Queued), alone.Select(step => step.Sequence!.Value));
        Assert.Equal(Queued, alone.Select(step => step.Scope).Distinct().Count());
    }

    [Fact]
    public async Task Their_work_is_committed_once() => Assert.Equal(Enumerable.Range(1, Queued), (await Run()).Ledger.Entries.Order());

    [Fact]
    public async Task What_they_sent_is_produced_once() => Assert.Equal(Enumerable.Range(1, Queued), (await Run()).Sends.Select(WorkBus.SequenceOf));

    [Fact]
    public async Task Nothing_is_dead_lettered() => Assert.Empty((await Run()).DeadLetters);

    public sealed record Outcome(Timeline Timeline, Ledger Ledger, List<ConsumeResult<byte[], byte[]>> Sends, List<ConsumeResult<byte[], byte[]>> DeadLetters);
}
