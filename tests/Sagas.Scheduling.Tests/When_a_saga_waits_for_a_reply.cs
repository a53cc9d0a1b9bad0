using MassTransit;
using Sagas.Kafka;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>Schedule/Unschedule of an unchanged MassTransit state machine consumed from Kafka, on the in-memory store.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_saga_waits_for_a_reply(KafkaFixture kafka)
{
    [Fact]
    public Task The_timeout_fires_and_moves_the_saga() => TimesOut(JobStoreSettings.InMemory());

    [Fact]
    public async Task The_timeout_fires_and_moves_the_saga_from_the_sqlite_store()
    {
        using var directory = new TemporaryDirectory();
        await TimesOut(JobStoreSettings.Sqlite(directory.Path));
    }

    async Task TimesOut(Dictionary<string, string?> store)
    {
        var topic = kafka.CreateTopic("waiting");
        await using var host = await TimeoutHost.StartWithSaga(kafka, store.With(topic), sagaTimeout: TimeSpan.FromSeconds(1));
        var id = NewId.NextGuid();

        await host.Producer.Produce(topic, id, new StartWaiting(id));

        var saga = await host.SagaIn(id, "TimedOut");
        Assert.Null(saga.TimeoutTokenId);
    }

    [Fact]
    public async Task A_reply_before_the_timeout_unschedules_it_for_good()
    {
        var topic = kafka.CreateTopic("replied");
        var timeout = TimeSpan.FromSeconds(2);
        await using var host = await TimeoutHost.StartWithSaga(kafka, JobStoreSettings.InMemory().With(topic), timeout);
        var id = NewId.NextGuid();

        await host.Producer.Produce(topic, id, new StartWaiting(id));
        var token = (await host.SagaIn(id, "Waiting")).TimeoutTokenId!.Value;
        Assert.True(await host.Scheduler.IsPending(token));
        await host.Producer.Produce(topic, id, new ReplyArrived(id));
        await host.SagaIn(id, "Done");

        Assert.False(await host.Scheduler.IsPending(token));
        await Task.Delay(timeout + TimeSpan.FromSeconds(1));
        Assert.Equal("Done", (await host.Saga(id))!.CurrentState);
        Assert.DoesNotContain(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic),
            record => record.Header(KafkaHeaders.MessageType)!.Contains(nameof(WaitTimedOut), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timeout_whose_token_the_saga_no_longer_holds_changes_nothing()
    {
        var topic = kafka.CreateTopic("stale");
        await using var host = await TimeoutHost.StartWithSaga(kafka, JobStoreSettings.InMemory().With(topic), sagaTimeout: TimeSpan.FromMinutes(5));
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
}
