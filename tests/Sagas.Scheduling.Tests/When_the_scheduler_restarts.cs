using MassTransit;
using Sagas.Kafka;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>
/// A saga's timeout is a row of its database, so a host that stops with one pending delivers it once it runs again;
/// the persistent job store starts again on the sweep trigger it already holds.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_scheduler_restarts(KafkaFixture kafka)
{
    static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_timeout_pending_when_the_host_stopped_fires_after_the_restart_on_sqlite()
    {
        using var directory = new TemporaryDirectory();
        await PendingThroughRestart(JobStoreSettings.Sqlite(directory.Path));
    }

    [PostgresFact]
    public async Task A_timeout_pending_when_the_host_stopped_fires_after_the_restart_on_postgresql()
    {
        await using var database = await PostgresDatabase.Create();
        await PendingThroughRestart(JobStoreSettings.Postgres(database));
    }

    async Task PendingThroughRestart(Dictionary<string, string?> store)
    {
        var topic = kafka.CreateTopic("restart");
        var settings = store.Quick();
        var id = NewId.NextGuid();
        await using (var before = await TimeoutHost.StartWithSaga(kafka, settings, topic, SagaTimeout))
        {
            await before.Producer.Produce(topic, id, new StartWaiting(id));
            await before.SagaIn(id, "Waiting");
            await before.Stop();
            Assert.Equal("Waiting", (await before.Saga(id))!.CurrentState);
            Assert.NotNull(Assert.Single(await before.Rows()).TokenId);
        }

        await using var after = await TimeoutHost.StartWithSaga(kafka, settings, topic, SagaTimeout);

        Assert.Null((await after.SagaIn(id, "TimedOut")).TimeoutTokenId);
        Assert.Single(after.Produced(), record => record.Header(KafkaHeaders.MessageType)!.Contains(nameof(WaitTimedOut), StringComparison.Ordinal));
    }
}
