using System.Text;
using MassTransit;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>Two orchestrator instances on one clustered job store and database deliver every timeout once between them.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_two_schedulers_share_a_database(KafkaFixture kafka)
{
    const int Timeouts = 20;

    // Only on PostgreSQL: Quartz refuses to cluster on SQLite, where the orchestrator runs as a single instance.
    [PostgresFact]
    public async Task Each_due_row_is_delivered_once()
    {
        await using var database = await PostgresDatabase.Create();
        var topic = kafka.CreateTopic("cluster");
        var settings = JobStoreSettings.Postgres(database).Quick();
        await using var first = await TimeoutHost.StartScheduler(kafka, settings, topic);
        await using var second = await TimeoutHost.StartScheduler(kafka, settings, topic);
        TimeoutHost[] nodes = [first, second];

        // All due at one instant, scheduled through both nodes.
        var dueAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        var sagas = Enumerable.Range(0, Timeouts).Select(_ => NewId.NextGuid()).ToList();
        for (var i = 0; i < sagas.Count; i++)
            await nodes[i % nodes.Length].Schedule(sagas[i], NewId.NextGuid(), dueAt);

        await Eventually.Until(async () => (await first.Rows()).Count == 0, "every timeout was delivered", TimeSpan.FromSeconds(30));

        var keys = first.Produced().Select(record => Encoding.UTF8.GetString(record.Message.Key)).ToList();
        Assert.Equal(sagas.Select(id => id.ToString("D")).Order(), keys.Order());
    }

    [PostgresFact]
    public async Task A_timeout_scheduled_on_a_node_that_stopped_is_delivered_by_the_other()
    {
        await using var database = await PostgresDatabase.Create();
        var topic = kafka.CreateTopic("failover");
        var settings = JobStoreSettings.Postgres(database).Quick();
        await using var survivor = await TimeoutHost.StartScheduler(kafka, settings, topic);
        var sagaId = NewId.NextGuid();

        await using (var leaving = await TimeoutHost.StartScheduler(kafka, settings, topic))
            await leaving.Schedule(sagaId, NewId.NextGuid(), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

        await Eventually.Until(async () => (await survivor.Rows()).Count == 0, "the other node delivered the timeout");
        Assert.Equal(sagaId.ToString("D"), Encoding.UTF8.GetString(Assert.Single(survivor.Produced()).Message.Key));
    }
}
