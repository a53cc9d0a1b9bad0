using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Inbox;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

/// <summary>
/// When the message's DbContext already has a transaction open (a batch of records as one unit of work, a request that
/// starts a saga), the repository joins it: it neither saves nor commits, leaving both to the transaction's owner, and
/// a saga an earlier message of the same unit of work added or changed is found in the context, unsaved.
/// </summary>
public sealed class When_a_saga_joins_a_callers_transaction
{
    [Fact]
    public Task It_writes_nothing_until_the_owner_saves_and_commits_on_sqlite() => OwnerCommits(TestDatabase.Sqlite());

    [PostgresFact]
    public Task It_writes_nothing_until_the_owner_saves_and_commits_on_postgres() => OwnerCommits(TestDatabase.Postgres());

    [Fact]
    public Task A_rollback_by_the_owner_leaves_no_saga_and_no_inbox_record_on_sqlite() => OwnerRollsBack(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_rollback_by_the_owner_leaves_no_saga_and_no_inbox_record_on_postgres() => OwnerRollsBack(TestDatabase.Postgres());

    [Fact]
    public Task A_saga_stored_before_is_changed_in_the_owners_transaction_on_sqlite() => ChangesStoredSaga(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_saga_stored_before_is_changed_in_the_owners_transaction_on_postgres() => ChangesStoredSaga(TestDatabase.Postgres());

    static async Task OwnerCommits(TestDatabase database)
    {
        await using var _ = database;
        var caller = new CallerScope();
        await using var host = await CounterHost.Start(database, database.NewService(), caller.RunFirst);
        var id = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            caller.Join(scope);

            // The second increment finds the saga the first one added: it exists only in the context, unsaved.
            await caller.Receive(host, new Increment(id, "first"), NewId.NextGuid());
            await caller.Receive(host, new Increment(id, "second"), NewId.NextGuid());

            var tracked = Assert.Single(db.ChangeTracker.Entries<CounterSaga>());
            Assert.Equal((EntityState.Added, 2), (tracked.State, tracked.Entity.Counter));
            Assert.Equal(0, await db.Counters.AsNoTracking().CountAsync(saga => saga.CorrelationId == id));

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var saga = await host.Read(id);
        Assert.NotNull(saga);
        Assert.Equal(["first", "second"], saga.Marks.Select(mark => mark.Note));
    }

    static async Task OwnerRollsBack(TestDatabase database)
    {
        await using var _ = database;
        var caller = new CallerScope();
        await using var host = await CounterHost.Start(database, database.NewService(), caller.RunFirst);
        var id = NewId.NextGuid();
        var messageId = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            caller.Join(scope);
            await caller.Receive(host, new Increment(id, "rolled back"), messageId);
            await transaction.RollbackAsync();
        }

        Assert.Null(await host.Read(id));
        Assert.False(await host.With(db => db.Set<InboxMessage>().AsNoTracking().AnyAsync(x => x.MessageId == messageId)));

        // Run again on its own, as a failed batch's records are, the message counts once.
        caller.Leave();
        await host.Publish(new Increment(id, "alone"), messageId);
        var saga = await host.SagaWhen(id, saga => saga.Counter == 1, "the increment counted on its own");
        Assert.Equal(["alone"], saga.Marks.Select(mark => mark.Note));
    }

    static async Task ChangesStoredSaga(TestDatabase database)
    {
        await using var _ = database;
        var caller = new CallerScope();
        await using var host = await CounterHost.Start(database, database.NewService(), caller.RunFirst);
        var id = NewId.NextGuid();
        await host.Publish(new Increment(id, "stored"));
        await host.SagaWhen(id, saga => saga.Counter == 1, "the first increment was stored");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            caller.Join(scope);
            await caller.Receive(host, new Increment(id, "joined"), NewId.NextGuid());
            await caller.Receive(host, new Increment(id, "joined again"), NewId.NextGuid());

            Assert.Equal((EntityState.Modified, 3), (db.Entry(Assert.Single(db.Counters.Local)).State, db.Counters.Local.Single().Counter));
            Assert.Equal(1, (await host.Read(id))!.Counter);

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var saga = await host.Read(id);
        Assert.Equal(["stored", "joined", "joined again"], saga!.Marks.Select(mark => mark.Note));
    }
}
