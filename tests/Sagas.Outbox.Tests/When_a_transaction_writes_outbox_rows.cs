using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// Rows commit with the caller's transaction; the process that wrote them produces them right after the commit, in
/// order per saga, and deletes them once the cluster acknowledged them.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_transaction_writes_outbox_rows(KafkaFixture kafka)
{
    [Fact]
    public async Task A_row_is_produced_once_its_transaction_commits_and_not_before()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("commit"));
        var sagaId = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParcelDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await host.SendSteps(scope.ServiceProvider, sagaId, 1);
            await db.SaveChangesAsync();

            // Saved but not committed: the row is claimed by this process, but nothing was handed to the producer.
            Assert.Equal(host.Publisher.Owner, (await db.Outbox.AsNoTracking().SingleAsync()).ClaimedBy);
            Assert.Equal(0, host.Publisher.Producing);
            Assert.Empty(host.Produced());

            await transaction.CommitAsync();
        }

        await Eventually.Until(() => Task.FromResult(host.Produced().Count == 1), "the committed record is produced");
        Assert.Equal((sagaId, 1), (host.Produced()[0].SagaId, host.Produced()[0].Step));
        await Eventually.Value(host.Rows, rows => rows.Count == 0, "the produced row is deleted");
    }

    [Fact]
    public Task A_rolled_back_transaction_leaves_no_row_and_produces_nothing_on_sqlite() => RolledBack(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_rolled_back_transaction_leaves_no_row_and_produces_nothing_on_postgres() => RolledBack(TestDatabase.Postgres());

    [Fact]
    public Task A_save_without_a_transaction_commits_and_produces_its_rows_on_sqlite() => SavedAlone(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_save_without_a_transaction_commits_and_produces_its_rows_on_postgres() => SavedAlone(TestDatabase.Postgres());

    [Fact]
    public Task A_transaction_disposed_without_a_commit_produces_nothing_when_the_context_saves_again_on_sqlite() =>
        DisposedUncommitted(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_transaction_disposed_without_a_commit_produces_nothing_when_the_context_saves_again_on_postgres() =>
        DisposedUncommitted(TestDatabase.Postgres());

    [Fact]
    public Task Each_sagas_rows_are_produced_in_order_and_then_deleted_on_sqlite() => ProducedInOrder(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Each_sagas_rows_are_produced_in_order_and_then_deleted_on_postgres() => ProducedInOrder(TestDatabase.Postgres());

    [Fact]
    public Task Rows_added_in_one_transaction_are_numbered_in_the_order_added_on_sqlite() => NumberedInOrder(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Rows_added_in_one_transaction_are_numbered_in_the_order_added_on_postgres() => NumberedInOrder(TestDatabase.Postgres());

    async Task RolledBack(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("rollback"));
        var (rolledBack, committed) = (NewId.NextGuid(), NewId.NextGuid());

        await host.Transaction(async (db, scope) =>
        {
            db.Parcels.Add(new Parcel { CorrelationId = rolledBack, Status = "Moving" });
            await host.SendSteps(scope, rolledBack, 1);
        }, rollBack: true);
        Assert.Equal(0, host.Publisher.Producing);
        await host.Send(committed, 1);

        // The publisher produces in commit order, so once the later commit is out the rolled-back one would be too.
        await Eventually.Until(() => Task.FromResult(host.Produced().Count > 0), "the committed record is produced");
        Assert.Equal([committed], host.Produced().Select(record => record.SagaId));
        await Eventually.Value(host.Rows, rows => rows.Count == 0, "no row is left");
    }

    async Task SavedAlone(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("autocommit"));
        var sagaId = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await host.SendSteps(scope.ServiceProvider, sagaId, 1, 2);
            await scope.ServiceProvider.GetRequiredService<ParcelDbContext>().SaveChangesAsync();
        }

        await Eventually.Until(() => Task.FromResult(host.Produced().Count == 2), "both records are produced");
        Assert.Equal([1, 2], host.Produced().Select(record => record.Step));
        await Eventually.Value(host.Rows, rows => rows.Count == 0, "the produced rows are deleted");
    }

    /// <summary>
    /// A transaction that ends by being disposed (an exception between save and commit) tells no interceptor that it
    /// rolled back. Its rows must not ride out with the next save of the same context instance, which commits on its
    /// own: the context cleared, as a failed unit of work leaves it, or reset for the next scope that leases it from the pool.
    /// </summary>
    async Task DisposedUncommitted(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("disposed"));
        var (abandoned, saved) = (NewId.NextGuid(), NewId.NextGuid());

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParcelDbContext>();
            await using (await db.Database.BeginTransactionAsync())
            {
                await host.SendSteps(scope.ServiceProvider, abandoned, 1);
                await db.SaveChangesAsync();
            }

            db.ChangeTracker.Clear();
            await host.SendSteps(scope.ServiceProvider, saved, 1);
            await db.SaveChangesAsync();
        }

        await Eventually.Value(host.Rows, rows => rows.Count == 0, "the saved row is produced and deleted");
        Assert.Equal([saved], host.Produced().Select(record => record.SagaId));
    }

    async Task ProducedInOrder(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("ordered"));
        var sagas = Enumerable.Range(0, 5).Select(_ => NewId.NextGuid()).ToList();

        foreach (var sagaId in sagas)
            await host.Send(sagaId, 1, 2);
        foreach (var sagaId in sagas)
            await host.Send(sagaId, 3, 4, 5);

        await Eventually.Value(host.Rows, rows => rows.Count == 0, "every produced row is deleted");
        var records = host.Produced();
        Assert.Equal(sagas.Count * 5, records.Count);
        Assert.Equal(records.Count, records.Select(record => record.MessageId).Distinct().Count());
        foreach (var sagaId in sagas)
            Assert.Equal([1, 2, 3, 4, 5], records.Where(record => record.SagaId == sagaId).Select(record => record.Step));
    }

    /// <summary>A sweep orders a saga's rows by id, so the ids must follow the order the rows were added in.</summary>
    async Task NumberedInOrder(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), "unused");
        var sagas = new[] { NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid() };

        await host.Transaction(async (_, scope) =>
        {
            for (var step = 1; step <= 60; step++)
                await host.SendSteps(scope, sagas[step % sagas.Length], step);
        });

        Assert.Equal(Enumerable.Range(1, 60), (await host.Rows()).Select(row => TopicRecords.StepOf(row.Value)));
    }
}
