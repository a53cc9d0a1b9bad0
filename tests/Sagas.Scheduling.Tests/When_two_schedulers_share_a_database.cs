using MassTransit;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>Two orchestrator instances on one clustered job store deliver every timeout exactly once between them.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_two_schedulers_share_a_database(KafkaFixture kafka)
{
    const int Timeouts = 20;

    // Only on PostgreSQL: Quartz refuses to cluster on SQLite, where the orchestrator runs as a single instance.
    [PostgresFact]
    public async Task Each_timeout_fires_once()
    {
        var topic = kafka.CreateTopic("cluster");
        var settings = JobStoreSettings.Postgres(PostgresFactAttribute.ConnectionString!).With(topic);
        await using var first = await TimeoutHost.StartScheduler(kafka, settings);
        await using var second = await TimeoutHost.StartScheduler(kafka, settings);
        var nodes = new[] { first, second };

        // All due at one instant, scheduled through both nodes, so both compete for every trigger.
        var dueAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        var timeouts = Enumerable.Range(0, Timeouts).Select(_ => (SagaId: NewId.NextGuid(), TokenId: NewId.NextGuid())).ToList();
        for (var i = 0; i < timeouts.Count; i++)
        {
            var node = nodes[i % nodes.Length];
            var (sagaId, tokenId) = timeouts[i];
            await node.Scheduler.Apply(new ScheduleTimeout(tokenId, dueAt, node.Producer.Serialize(topic, sagaId, new WaitTimedOut(sagaId))), CancellationToken.None);
        }

        await Eventually.Until(async () => await PendingCount(first, timeouts) == 0, "every timeout was delivered", TimeSpan.FromSeconds(30));

        var keys = TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic).Select(record => System.Text.Encoding.UTF8.GetString(record.Message.Key)).ToList();
        Assert.Equal(Timeouts, keys.Count);
        Assert.Equal(timeouts.Select(t => t.SagaId.ToString("D")).Order(), keys.Order());
    }

    [PostgresFact]
    public async Task A_timeout_scheduled_on_a_node_that_stopped_is_fired_by_the_other()
    {
        var topic = kafka.CreateTopic("failover");
        var settings = JobStoreSettings.Postgres(PostgresFactAttribute.ConnectionString!).With(topic);
        await using var survivor = await TimeoutHost.StartScheduler(kafka, settings);
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());

        await using (var leaving = await TimeoutHost.StartScheduler(kafka, settings))
        {
            var record = leaving.Producer.Serialize(topic, sagaId, new WaitTimedOut(sagaId));
            await leaving.Scheduler.Apply(new ScheduleTimeout(tokenId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2), record), CancellationToken.None);
        }

        await Eventually.Until(async () => !await survivor.Scheduler.IsPending(tokenId), "the other node delivered the timeout");
        var delivered = Assert.Single(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic));
        Assert.Equal(sagaId.ToString("D"), System.Text.Encoding.UTF8.GetString(delivered.Message.Key));
    }

    static async Task<int> PendingCount(TimeoutHost node, IEnumerable<(Guid SagaId, Guid TokenId)> timeouts)
    {
        var pending = 0;
        foreach (var (_, tokenId) in timeouts)
            pending += await node.Scheduler.IsPending(tokenId) ? 1 : 0;
        return pending;
    }
}
