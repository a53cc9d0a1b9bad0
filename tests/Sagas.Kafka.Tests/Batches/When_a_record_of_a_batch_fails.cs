using Confluent.Kafka;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// Five records queue behind a held one; the third always fails, after it sent a message. Each record sends one message, and
/// another record is produced once the batch is settled.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_record_of_a_batch_fails(KafkaClusterFixture kafka)
{
    const int RetryAttempts = 3;
    const int Bad = 3;
    static readonly int[] Good = [1, 2, 4, 5, 6];
    static readonly Scenario<Outcome> Failed = new();

    Task<Outcome> Run() => Failed.Outcome(async () =>
    {
        var sends = KafkaClusterFixture.UniqueTopic("failing-batch-sends");
        await using var bus = await WorkBus.Start(kafka, "failing-batch", unitOfWork: true, o => o.RetryAttempts = RetryAttempts, outputs: [sends]);
        await bus.QueueBehindHold([
            .. await bus.Work(1, 2, sends),
            await bus.Record(new Work(bus.Key, Bad, sends, Failures: int.MaxValue)),
            .. await bus.Work(4, 2, sends),
        ]);
        await Wait.Until(() => bus.Ledger.CountOf(5) > 0, "the records after the failing one were handled");
        await bus.Bus.Producer.ProduceBatch([bus.Bus.Producer.Serialize(bus.Topic, bus.Key, new Work(bus.Key, 6, sends))]);
        await bus.CommittedUpTo(7);

        return new Outcome(bus.Topic, bus.Group, bus.Timeline, bus.Ledger, bus.ReadAll(sends), Assert.Single(bus.ReadAll(bus.DeadLetterTopic)));
    });

    [Fact]
    public async Task The_unit_of_work_rolls_back_at_the_failure()
    {
        var unit = Assert.Single((await Run()).Timeline.Units);
        Assert.Equal([StepKind.Began, StepKind.Handled, StepKind.Handled, StepKind.Handled, StepKind.RolledBack], unit.Select(step => step.Kind));
        Assert.Equal([1, 2, Bad], unit.Where(step => step.Kind == StepKind.Handled).Select(step => step.Sequence!.Value));
    }

    [Fact]
    public async Task Every_record_of_the_batch_then_runs_alone_in_order_each_in_its_own_scope()
    {
        var alone = (await Run()).Timeline.Alone;
        Assert.Equal([1, 2, .. Enumerable.Repeat(Bad, RetryAttempts), 4, 5, 6], alone.Select(step => step.Sequence!.Value));
        Assert.Equal(alone.Count, alone.Select(step => step.Scope).Distinct().Count());
    }

    [Fact]
    public async Task The_good_records_work_is_committed_exactly_once() =>
        Assert.Equal(Good, (await Run()).Ledger.Entries.Order());

    [Fact]
    public async Task Only_what_the_good_records_sent_is_produced_each_once() =>
        Assert.Equal(Good, (await Run()).Sends.Select(WorkBus.SequenceOf));

    [Fact]
    public async Task The_failing_record_is_retried_by_the_retry_policy_outside_the_batch()
    {
        var attempts = (await Run()).Timeline.AttemptsOf(Bad);
        Assert.Equal(1 + RetryAttempts, attempts.Count);
        Assert.NotNull(attempts[0].Unit);
        Assert.All(attempts.Skip(1), attempt => Assert.Null(attempt.Unit));
    }

    [Fact]
    public async Task It_is_dead_lettered_once_with_the_error_and_where_it_came_from()
    {
        var outcome = await Run();
        var deadLetter = outcome.DeadLetter;
        Assert.Equal("fault", deadLetter.Header(KafkaHeaders.DeadLetterReason));
        Assert.Equal(typeof(InvalidOperationException).FullName, deadLetter.Header(KafkaHeaders.DeadLetterExceptionType));
        Assert.Equal(outcome.Topic, deadLetter.Header(KafkaHeaders.DeadLetterSourceTopic));
        Assert.Equal(outcome.Group, deadLetter.Header(KafkaHeaders.DeadLetterConsumerGroup));
        Assert.Equal(RetryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), deadLetter.Header(KafkaHeaders.DeadLetterAttempts));
        Assert.Equal($"Work {Bad} failed its attempt {1 + RetryAttempts}", deadLetter.Header(KafkaHeaders.DeadLetterExceptionMessage));
        Assert.Equal("0", deadLetter.Header(KafkaHeaders.DeadLetterSourcePartition));
        Assert.Equal($"{Bad}", deadLetter.Header(KafkaHeaders.DeadLetterSourceOffset));
    }

    public sealed record Outcome(string Topic, string Group, Timeline Timeline, Ledger Ledger, List<ConsumeResult<byte[], byte[]>> Sends, ConsumeResult<byte[], byte[]> DeadLetter);
}
