using Confluent.Kafka;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// Three records queue behind a held one: good work, a record no handler can take, good work. Inside the batch the bad record
/// only fails the batch; run alone, it goes to the DLQ.
/// </summary>
public abstract class When_a_batch_holds_a_record_that_cannot_be_consumed(KafkaClusterFixture kafka)
{
    protected abstract Scenario<Outcome> Shared { get; }

    protected abstract string Reason { get; }

    protected abstract Task<Message<byte[], byte[]>> Unconsumable(WorkBus bus);

    Task<Outcome> Run() => Shared.Outcome(async () =>
    {
        await using var bus = await WorkBus.Start(kafka, "unconsumable-in-batch", unitOfWork: true, o => o.RetryAttempts = 3);
        await bus.QueueBehindHold([await bus.Record(new Work(bus.Key, 1)), await Unconsumable(bus), await bus.Record(new Work(bus.Key, 2))]);
        await bus.CommittedUpTo(4);
        return new Outcome(bus.Timeline, bus.Ledger, bus.ReadAll(bus.DeadLetterTopic));
    });

    [Fact]
    public async Task The_batch_rolls_back_at_it()
    {
        var unit = Assert.Single((await Run()).Timeline.Units);
        Assert.Equal([StepKind.Began, StepKind.Handled, StepKind.RolledBack], unit.Select(step => step.Kind));
    }

    [Fact]
    public async Task It_is_dead_lettered_once_when_run_alone()
    {
        var deadLetter = Assert.Single((await Run()).DeadLetters);
        Assert.Equal(Reason, deadLetter.Header(KafkaHeaders.DeadLetterReason));
        Assert.Equal("2", deadLetter.Header(KafkaHeaders.DeadLetterSourceOffset));
        Assert.Equal("1", deadLetter.Header(KafkaHeaders.DeadLetterAttempts));
    }

    [Fact]
    public async Task The_records_around_it_run_alone_and_their_work_is_committed_once()
    {
        var outcome = await Run();
        Assert.Equal([1, 2], outcome.Timeline.Alone.Select(step => step.Sequence!.Value));
        Assert.Equal([1, 2], outcome.Ledger.Entries.Order());
    }

    public sealed record Outcome(Timeline Timeline, Ledger Ledger, List<ConsumeResult<byte[], byte[]>> DeadLetters);
}

[Collection(KafkaCollection.Name)]
public sealed class When_a_batch_holds_a_record_nothing_consumes(KafkaClusterFixture kafka) : When_a_batch_holds_a_record_that_cannot_be_consumed(kafka)
{
    static readonly Scenario<Outcome> Skipped = new();

    protected override Scenario<Outcome> Shared => Skipped;

    protected override string Reason => "skipped";

    protected override Task<Message<byte[], byte[]>> Unconsumable(WorkBus bus) => bus.Record(new Unhandled(bus.Key));
}

[Collection(KafkaCollection.Name)]
public sealed class When_a_batch_holds_a_record_that_cannot_be_read(KafkaClusterFixture kafka) : When_a_batch_holds_a_record_that_cannot_be_consumed(kafka)
{
    static readonly Scenario<Outcome> Unreadable = new();

    protected override Scenario<Outcome> Shared => Unreadable;

    protected override string Reason => "fault";

    protected override Task<Message<byte[], byte[]>> Unconsumable(WorkBus bus) => Task.FromResult(bus.Garbage());
}
