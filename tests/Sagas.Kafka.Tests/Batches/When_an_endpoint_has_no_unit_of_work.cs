using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// Five records queue behind a held one on an endpoint without a unit of work, each sending a message; the last fails its
/// first attempt. The produce after the first record is slowed by retriable errors while the group's commits are watched.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_an_endpoint_has_no_unit_of_work(KafkaClusterFixture kafka)
{
    const int Queued = 5;
    const short ProduceApi = 0;
    static readonly Scenario<Outcome> Alone = new();

    Task<Outcome> Run() => Alone.Outcome(async () =>
    {
        var sends = KafkaClusterFixture.UniqueTopic("alone-sends");
        using var probe = new SendsProbe(kafka.Cluster.BootstrapServers, sends);
        await using var bus = await WorkBus.Start(kafka, "alone", unitOfWork: false, o => o.RetryAttempts = 3, services: s => s.AddSingleton(probe),
            outputs: [sends]);

        // Offset 0 is the hold record, which sends nothing; each record after it sends one message (the retried one, two).
        var watch = new CommitWatch(kafka.Cluster.BootstrapServers, bus.Topic, bus.Group, [sends], committed => committed - 1);
        await using (watch)
        {
            await bus.QueueBehindHold([.. await bus.Work(1, Queued - 1, sends), await bus.Record(new Work(bus.Key, Queued, sends, Failures: 1))],
                beforeRelease: () =>
                {
                    kafka.Cluster.PushRequestErrors(ProduceApi, [.. Enumerable.Repeat(ErrorCode.NotEnoughReplicas, 4)]);
                    return Task.CompletedTask;
                });
            await bus.CommittedUpTo(Queued + 1);
        }

        return new Outcome(bus.Timeline, bus.Ledger, probe.SentBefore.ToDictionary(), bus.ReadAll(sends), watch.Violations);
    });

    [Fact]
    public async Task No_unit_of_work_is_begun() => Assert.Empty((await Run()).Timeline.Units);

    [Fact]
    public async Task Each_record_runs_alone_in_its_own_scope_in_offset_order()
    {
        var firstAttempts = (await Run()).Timeline.Alone.DistinctBy(step => step.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, Queued), firstAttempts.Select(step => step.Sequence!.Value));
        Assert.Equal(Enumerable.Range(1, Queued).Select(offset => (long)offset), firstAttempts.Select(step => step.Offset!.Value));
        Assert.Equal(Queued, firstAttempts.Select(step => step.Scope).Distinct().Count());
    }

    [Fact]
    public async Task What_a_record_sent_is_produced_before_the_next_record_starts() =>
        Assert.Equal(Enumerable.Range(1, Queued).Select(sequence => (long)sequence - 1), (await Run()).SentBefore.OrderBy(p => p.Key).Select(p => p.Value));

    [Fact]
    public async Task Its_offset_is_committed_only_after_what_it_sent_was_produced() => Assert.Empty((await Run()).Violations);

    [Fact]
    public async Task A_record_that_succeeds_on_a_retry_has_its_work_committed_once_and_its_sends_produced()
    {
        var outcome = await Run();
        Assert.Equal(Enumerable.Range(1, Queued), outcome.Ledger.Entries.Order());
        Assert.Contains(Queued, outcome.Sends.Select(WorkBus.SequenceOf));
    }

    public sealed record Outcome(Timeline Timeline, Ledger Ledger, Dictionary<int, long> SentBefore, List<ConsumeResult<byte[], byte[]>> Sends,
        IReadOnlyList<string> Violations);
}
