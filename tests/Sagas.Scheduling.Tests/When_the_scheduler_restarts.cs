using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sagas.Scheduling.Jobs;
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

    [Fact]
    public async Task A_delivery_cut_short_by_shutdown_runs_again_after_restart()
    {
        using var directory = new TemporaryDirectory();
        var topic = kafka.CreateTopic("interrupted", leader: KafkaFixture.SpareBroker);
        var settings = JobStoreSettings.Sqlite(directory.Path).With(topic);
        // Long enough that the delivery is still waiting for the cluster when the host stops.
        var slowProducer = KafkaFixture.Options(produceTimeout: TimeSpan.FromSeconds(5));
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());

        kafka.Cluster.TakeBrokerDown(KafkaFixture.SpareBroker);
        try
        {
            await using var before = await TimeoutHost.StartScheduler(kafka, settings, slowProducer);
            var record = before.Producer.Serialize(topic, sagaId, new WaitTimedOut(sagaId));
            await before.Scheduler.Apply(new ScheduleTimeout(tokenId, DateTimeOffset.UtcNow, record), CancellationToken.None);
            var scheduler = await before.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await Eventually.Until(async () => (await scheduler.QueryFireInstances(new FireInstanceQuery { Job = TimeoutJobs.JobKeyOf(tokenId) })).Items.Count > 0,
                "the delivery is running");
        }
        finally
        {
            kafka.Cluster.BringBrokerUp(KafkaFixture.SpareBroker);
        }

        await using var after = await TimeoutHost.StartScheduler(kafka, settings);
        await Eventually.Until(async () => !await after.Scheduler.IsPending(tokenId), "the interrupted delivery ran again after the restart");
        Assert.Single(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic));
    }

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
