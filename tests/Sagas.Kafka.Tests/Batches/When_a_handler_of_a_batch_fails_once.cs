using Confluent.Kafka;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// Three records queue behind a held one, each sending a message; the second fails its first attempt and succeeds after,
/// on an endpoint whose retry policy allows three attempts.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_handler_of_a_batch_fails_once(KafkaClusterFixture kafka)
{
    const int Flaky = 2;
    static readonly Scenario<Outcome> Retried = new();

    Task<Outcome> Run() => Retried.Outcome(async () =>
    {
        var sends = KafkaClusterFixture.UniqueTopic("flaky-batch-sends");
        await using var bus = await WorkBus.Start(kafka, "flaky-batch", unitOfWork: true, o => o.RetryAttempts = 3, outputs: [sends]);
        await bus.QueueBehindHold([
            await bus.Record(new Work(bus.Key, 1, sends)),
            await bus.Record(new Work(bus.Key, Flaky, sends, Failures: 1)),
            await bus.Record(new Work(bus.Key, 3, sends)),
        ]);
        await bus.CommittedUpTo(4);
        return new Outcome(bus.Timeline, bus.Ledger, bus.ReadAll(sends), bus.ReadAll(bus.DeadLetterTopic));
    });

    [Fact]
    public async Task The_retry_policy_does_not_retry_it_inside_the_batch()
    {
        var outcome = await Run();
        var unit = Assert.Single(outcome.Timeline.Units);
        Assert.Equal([StepKind.Began, StepKind.Handled, StepKind.Handled, StepKind.RolledBack], unit.Select(step => step.Kind));
        Assert.Equal(unit.Key, outcome.Timeline.AttemptsOf(Flaky)[0].Unit);
    }

    [Fact]
    public async Task Alone_its_next_attempt_succeeds()
    {
        var attempts = (await Run()).Timeline.AttemptsOf(Flaky);
        Assert.Equal(2, attempts.Count);
        Assert.Null(attempts[1].Unit);
    }

    [Fact]
    public async Task Every_record_of_the_batch_runs_alone_after_it_fell_back() =>
        Assert.Equal([1, 2, 3], (await Run()).Timeline.Alone.Select(step => step.Sequence!.Value));

    [Fact]
    public async Task Each_records_work_and_sends_happen_once_and_nothing_is_dead_lettered()
    {
        var outcome = await Run();
        Assert.Equal([1, 2, 3], outcome.Ledger.Entries.Order());
        Assert.Equal([1, 2, 3], outcome.Sends.Select(WorkBus.SequenceOf));
        Assert.Empty(outcome.DeadLetters);
    }

    public sealed record Outcome(Timeline Timeline, Ledger Ledger, List<ConsumeResult<byte[], byte[]>> Sends, List<ConsumeResult<byte[], byte[]>> DeadLetters);
}
