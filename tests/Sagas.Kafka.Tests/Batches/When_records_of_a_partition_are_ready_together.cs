using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// Twenty records queue behind a held one on an endpoint with a unit of work and a batch size of eight: once the hold lets go
/// they are the partition's ready records, and run as batches of at most eight, each one unit of work.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_records_of_a_partition_are_ready_together(KafkaClusterFixture kafka)
{
    const int Queued = 20;
    const int BatchSize = 8;
    static readonly Scenario<Outcome> Batched = new();

    Task<Outcome> Run() => Batched.Outcome(async () =>
    {
        await using var bus = await WorkBus.Start(kafka, "ready-together", unitOfWork: true, o => o.BatchSize = BatchSize);
        await bus.QueueBehindHold(await bus.Work(1, Queued));
        await bus.CommittedUpTo(Queued + 1);
        return new Outcome(bus.Timeline, bus.Ledger);
    });

    [Fact]
    public async Task Each_batch_is_one_unit_of_work_begun_before_its_records_and_committed_after_them()
    {
        var units = (await Run()).Timeline.Units;
        Assert.Equal([8, 8, 4], units.Select(unit => unit.Count(step => step.Kind == StepKind.Handled)));
        Assert.All(units, unit =>
        {
            var kinds = unit.Select(step => step.Kind).ToList();
            Assert.Equal([StepKind.Began, .. Enumerable.Repeat(StepKind.Handled, kinds.Count - 2), StepKind.Committed], kinds);
        });
    }

    [Fact]
    public async Task The_ready_records_are_split_into_batches_of_at_most_the_batch_size_in_offset_order()
    {
        var units = (await Run()).Timeline.Units;
        var batches = units.Select(unit => unit.Where(step => step.Kind == StepKind.Handled).Select(step => step.Sequence!.Value).ToList()).ToList();
        Assert.Equal([[.. Enumerable.Range(1, 8)], [.. Enumerable.Range(9, 8)], [.. Enumerable.Range(17, 4)]], batches);
    }

    [Fact]
    public async Task The_records_of_a_batch_share_one_service_scope_with_its_unit_of_work()
    {
        var timeline = (await Run()).Timeline;
        var handled = Enumerable.Range(1, Queued).Select(sequence => Assert.Single(timeline.AttemptsOf(sequence))).ToList();
        Assert.All(handled, step => Assert.Equal(Assert.Single(timeline.Units, unit => unit.Key == step.Unit).First().Scope, step.Scope));
        Assert.Equal(3, handled.Select(step => step.Scope).Distinct().Count());
    }

    [Fact]
    public async Task No_queued_record_runs_outside_a_unit_of_work()
    {
        var outcome = await Run();
        Assert.Empty(outcome.Timeline.Alone);
    }

    [Fact]
    public async Task Each_record_is_handled_and_committed_once()
    {
        var outcome = await Run();
        Assert.All(Enumerable.Range(1, Queued), sequence => Assert.Single(outcome.Timeline.AttemptsOf(sequence)));
        Assert.Equal(Enumerable.Range(1, Queued), outcome.Ledger.Entries.Order());
    }

    public sealed record Outcome(Timeline Timeline, Ledger Ledger);
}
