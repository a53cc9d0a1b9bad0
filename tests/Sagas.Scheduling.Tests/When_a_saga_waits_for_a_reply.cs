using MassTransit;
using Sagas.Kafka;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>
/// Schedule/Unschedule of an unchanged MassTransit state machine consumed from Kafka through the transactional outbox,
/// its timeouts swept by Quartz: the timeout fires when the reply never comes, a reply in time disarms it for good, and
/// a timeout the saga no longer waits for changes nothing.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_saga_waits_for_a_reply(KafkaFixture kafka)
{
    [Fact]
    public async Task The_timeout_fires_and_moves_the_saga()
    {
        using var directory = new TemporaryDirectory();
        var topic = kafka.CreateTopic("waiting");
        await using var host = await TimeoutHost.StartWithSaga(kafka, JobStoreSettings.InMemory(directory.Path).Quick(), topic, TimeSpan.FromMilliseconds(500));
        var id = NewId.NextGuid();

        await host.Producer.Produce(topic, id, new StartWaiting(id));

        Assert.Null((await host.SagaIn(id, "TimedOut")).TimeoutTokenId);
        await Eventually.Until(async () => (await host.Rows()).Count == 0, "the delivered timeout's row is deleted");
    }

    [Fact]
    public async Task A_reply_in_time_disarms_the_timeout_for_good()
    {
        using var directory = new TemporaryDirectory();
        var topic = kafka.CreateTopic("replied");
        await using var host = await TimeoutHost.StartWithSaga(kafka, JobStoreSettings.InMemory(directory.Path).Quick(), topic, TimeSpan.FromSeconds(1));
        var (replied, unanswered) = (NewId.NextGuid(), NewId.NextGuid());
        await host.Producer.Produce(topic, replied, new StartWaiting(replied));
        await host.Producer.Produce(topic, unanswered, new StartWaiting(unanswered));
        var token = (await host.SagaIn(replied, "Waiting")).TimeoutTokenId;
        var otherToken = (await host.SagaIn(unanswered, "Waiting")).TimeoutTokenId;
        Assert.Equal(new[] { token, otherToken }.Order(), (await host.Rows()).Select(row => row.TokenId).Order());

        await host.Producer.Produce(topic, replied, new ReplyArrived(replied));

        // Unscheduled in the reply's transaction: once the saga is Done, its timeout's row is gone.
        await host.SagaIn(replied, "Done");
        Assert.Equal([otherToken], (await host.Rows()).Select(row => row.TokenId));
        // The other saga's timeout was due after this one's: once it fired, its row deleted and the topic consumed,
        // the sweeps have run past the disarmed timeout's due time.
        await host.SagaIn(unanswered, "TimedOut");
        await Eventually.Until(async () => (await host.Rows()).Count == 0, "the fired timeout's row is deleted");
        await host.Drained();
        Assert.Equal("Done", (await host.Saga(replied))!.CurrentState);
        Assert.DoesNotContain(host.Produced(), record => Key(record) == replied && IsTimeout(record));
    }

    [Fact]
    public async Task A_timeout_that_arrives_after_the_reply_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        var topic = kafka.CreateTopic("late");
        await using var host = await TimeoutHost.StartWithSaga(kafka, JobStoreSettings.InMemory(directory.Path).Quick(), topic, TimeSpan.FromHours(1));
        var id = NewId.NextGuid();
        await host.Producer.Produce(topic, id, new StartWaiting(id));
        await host.SagaIn(id, "Waiting");
        // The record a sweep would produce, as one that claimed it just before the reply's transaction deleted it.
        var timeout = Assert.Single(await host.Rows()).ToRecord();
        await host.Producer.Produce(topic, id, new ReplyArrived(id));
        await host.SagaIn(id, "Done");

        await host.Producer.ProduceBatch([timeout]);

        await host.Drained();
        Assert.Equal("Done", (await host.Saga(id))!.CurrentState);
        Assert.Contains(host.Produced(), IsTimeout);
        Assert.Empty(host.Produced(topic + ".dlq"));
    }

    [Fact]
    public async Task A_timeout_whose_token_the_saga_does_not_hold_changes_nothing()
    {
        using var directory = new TemporaryDirectory();
        var topic = kafka.CreateTopic("stale");
        await using var host = await TimeoutHost.StartWithSaga(kafka, JobStoreSettings.InMemory(directory.Path).Quick(), topic, TimeSpan.FromHours(1));
        var id = NewId.NextGuid();
        await host.Producer.Produce(topic, id, new StartWaiting(id));
        await host.SagaIn(id, "Waiting");

        var stale = host.Producer.Serialize(topic, id, new WaitTimedOut(id),
            headers: new Dictionary<string, object> { [MessageHeaders.SchedulingTokenId] = NewId.NextGuid() });
        // Same key, so the reply is consumed after the stale timeout: had that one counted, the saga would be TimedOut
        // and the reply ignored.
        await host.Producer.ProduceBatch([stale, host.Producer.Serialize(topic, id, new ReplyArrived(id))]);

        Assert.Equal("Done", (await host.SagaIn(id, "Done")).CurrentState);
    }

    static Guid Key(Confluent.Kafka.ConsumeResult<byte[], byte[]> record) => Guid.Parse(System.Text.Encoding.UTF8.GetString(record.Message.Key));

    static bool IsTimeout(Confluent.Kafka.ConsumeResult<byte[], byte[]> record) =>
        record.Header(KafkaHeaders.MessageType)!.Contains(nameof(WaitTimedOut), StringComparison.Ordinal);
}
