using MassTransit;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>The persistent store keeps a timeout across a stop, and the misfire policy fires it once after the restart.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_scheduler_restarts(KafkaFixture kafka)
{
    static readonly TimeSpan DueIn = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_timeout_that_fell_due_while_stopped_fires_once_after_restart_on_sqlite()
    {
        using var directory = new TemporaryDirectory();
        await FallsDueWhileStopped(JobStoreSettings.Sqlite(directory.Path));
    }

    [PostgresFact]
    public Task A_timeout_that_fell_due_while_stopped_fires_once_after_restart_on_postgresql() =>
        FallsDueWhileStopped(JobStoreSettings.Postgres(PostgresFactAttribute.ConnectionString!));

    async Task FallsDueWhileStopped(Dictionary<string, string?> store)
    {
        var topic = kafka.CreateTopic("restart");
        var settings = store.With(topic);
        var sagaId = NewId.NextGuid();
        var tokenId = NewId.NextGuid();
        var dueAt = DateTimeOffset.UtcNow + DueIn;

        await using (var before = await TimeoutHost.StartScheduler(kafka, settings))
        {
            var record = before.Producer.Serialize(topic, sagaId, new WaitTimedOut(sagaId));
            await before.Scheduler.Apply(new ScheduleTimeout(tokenId, dueAt, record), CancellationToken.None);
        }

        Assert.Empty(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic));
        // Past the due time and the one-second misfire threshold, so the restart finds a misfired trigger.
        await Task.Delay(dueAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));

        await using var after = await TimeoutHost.StartScheduler(kafka, settings);
        await Eventually.Until(async () => !await after.Scheduler.IsPending(tokenId), "the timeout was delivered after the restart");

        var delivered = Assert.Single(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic));
        Assert.Equal(sagaId.ToString("D"), System.Text.Encoding.UTF8.GetString(delivered.Message.Key));
    }
}
