using MassTransit;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>Two processes' relays on one outbox: each row is produced once, each saga in order.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_two_relays_share_a_database(KafkaFixture kafka)
{
    [Fact]
    public Task Every_row_is_produced_exactly_once_on_sqlite() => ExactlyOnce(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Every_row_is_produced_exactly_once_on_postgres() => ExactlyOnce(TestDatabase.Postgres());

    async Task ExactlyOnce(TestDatabase database)
    {
        await using var _ = database;
        var topic = kafka.CreateTopic("shared");
        var settings = OutboxHost.Settings(database, topic, s => s["Outbox:BatchSize"] = "3");
        await using var first = await OutboxHost.Start(kafka, settings);
        await using var second = await OutboxHost.Start(kafka, settings);
        var sagas = Enumerable.Range(0, 20).Select(_ => NewId.NextGuid()).ToList();

        // Both processes write, as two orchestrator instances would.
        await Task.WhenAll(
            Task.Run(async () => { foreach (var sagaId in sagas.Take(10)) await first.Send(sagaId, 1, 2, 3); }),
            Task.Run(async () => { foreach (var sagaId in sagas.Skip(10)) await second.Send(sagaId, 1, 2, 3); }));

        var rows = await first.AllDelivered(sagas.Count * 3);
        var records = TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic);
        Assert.Equal(rows.Count, records.Count);
        Assert.Equal(records.Count, records.Select(record => record.MessageId).Distinct().Count());
        foreach (var sagaId in sagas)
        {
            var steps = records.Where(record => record.SagaId == sagaId).Select(record => record.Step);
            Assert.True(steps.SequenceEqual([1, 2, 3]), $"Saga {sagaId} went out as {string.Join(", ", steps)}; its rows: " +
                string.Join("; ", rows.Where(row => row.SagaId == sagaId).Select(row => $"{row.Id} (step {TopicRecords.StepOf(row.Value!)}) by {row.ClaimedBy} after {row.Attempts} failures")));
        }
    }
}
