using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>Rows commit with the caller's transaction; the relay produces them in order per saga and marks them delivered.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_transaction_writes_outbox_rows(KafkaFixture kafka)
{
    [Fact]
    public Task Committed_rows_are_produced_in_order_per_saga_and_marked_delivered_on_sqlite() => ProducedInOrder(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Committed_rows_are_produced_in_order_per_saga_and_marked_delivered_on_postgres() => ProducedInOrder(TestDatabase.Postgres());

    [Fact]
    public Task Rows_added_in_one_transaction_are_numbered_in_the_order_added_on_sqlite() => NumberedInOrder(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Rows_added_in_one_transaction_are_numbered_in_the_order_added_on_postgres() => NumberedInOrder(TestDatabase.Postgres());

    [Fact]
    public async Task A_rolled_back_transaction_leaves_no_row_and_produces_nothing()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("rollback");
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, topic));
        var (rolledBack, committed) = (NewId.NextGuid(), NewId.NextGuid());

        await host.Transaction(async (db, scope) =>
        {
            db.Parcels.Add(new Parcel { CorrelationId = rolledBack, Status = "Moving" });
            await scope.GetRequiredService<OutboxMessageDispatcher<ParcelDbContext>>().Dispatch(new ParcelMoved(rolledBack, 1), null, CancellationToken.None);
        }, rollBack: true);
        await host.Send(committed, 1);

        // Rows are delivered in order of commit, so once the later commit went out the rolled-back one would have too.
        var row = Assert.Single(await host.AllDelivered(1));
        Assert.Equal(committed, row.SagaId);
        Assert.Equal([committed], TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic).Select(record => record.SagaId));
    }

    [Fact]
    public async Task A_commit_wakes_the_relay_without_waiting_for_its_poll()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("wake");
        // A poll far beyond the test's bounded wait: only the commit signal can get the row out in time.
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, topic, s => s["Outbox:PollInterval"] = "00:10:00"));
        var sagaId = NewId.NextGuid();

        await host.Send(sagaId, 1);
        await host.AllDelivered(1);
        await host.Send(sagaId, 2);
        await host.AllDelivered(2);

        Assert.Equal([1, 2], TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic).Select(record => record.Step));
    }

    /// <summary>The relay orders a saga's rows by id, so the ids must follow the order the rows were added in.</summary>
    async Task NumberedInOrder(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await OutboxHost.Manual(kafka, OutboxHost.Settings(database, "unused"), TimeProvider.System);
        var sagas = new[] { NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid() };

        await host.Transaction(async (_, scope) =>
        {
            var dispatcher = scope.GetRequiredService<OutboxMessageDispatcher<ParcelDbContext>>();
            for (var step = 1; step <= 60; step++)
                await dispatcher.Dispatch(new ParcelMoved(sagas[step % sagas.Length], step), null, CancellationToken.None);
        });

        Assert.Equal(Enumerable.Range(1, 60), (await host.Rows()).Select(row => TopicRecords.StepOf(row.Value!)));
    }

    async Task ProducedInOrder(TestDatabase database)
    {
        await using var _ = database;
        var topic = kafka.CreateTopic("ordered");
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, topic));
        var sagas = Enumerable.Range(0, 5).Select(_ => NewId.NextGuid()).ToList();

        foreach (var sagaId in sagas)
            await host.Send(sagaId, 1, 2);
        foreach (var sagaId in sagas)
            await host.Send(sagaId, 3, 4, 5);

        var rows = await host.AllDelivered(sagas.Count * 5);
        Assert.All(rows, row => Assert.Equal(OutboxMessageKind.Record, row.Kind));
        var records = TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic);
        Assert.Equal(sagas.Count * 5, records.Select(record => record.MessageId).Distinct().Count());
        foreach (var sagaId in sagas)
            Assert.Equal([1, 2, 3, 4, 5], records.Where(record => record.SagaId == sagaId).Select(record => record.Step));
    }
}
