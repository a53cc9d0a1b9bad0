using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Inbox;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

/// <summary>
/// A unit of work that runs several messages in one transaction tells the repository its saga ids and message ids in
/// advance (<see cref="SagaBatch"/>): the batch's rows of a saga type and what that saga type already consumed are then
/// read once for the whole batch, unlocked, and a row another writer changes meanwhile fails the batch's save.
/// </summary>
public sealed class When_a_batch_announces_its_sagas
{
    [Fact]
    public Task Its_sagas_and_inbox_marks_are_read_once_on_sqlite() => ReadOnce(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Its_sagas_and_inbox_marks_are_read_once_on_postgres() => ReadOnce(TestDatabase.Postgres());

    [Fact]
    public Task A_message_twice_in_one_batch_counts_once_on_sqlite() => SameMessageTwice(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_message_twice_in_one_batch_counts_once_on_postgres() => SameMessageTwice(TestDatabase.Postgres());

    // SQLite cannot have this race: the batch's transaction holds the database's write lock from its start.
    [PostgresFact]
    public async Task A_row_changed_by_another_writer_fails_the_batchs_save_on_postgres()
    {
        await using var database = TestDatabase.Postgres();
        var caller = new CallerScope();
        await using var host = await CounterHost.Start(database, database.NewService(), caller.RunFirst);
        var id = await Stored(host);
        var messageId = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            caller.Join(scope);
            scope.ServiceProvider.GetRequiredService<SagaBatch>().Expect([id], [messageId]);
            await caller.Receive(host, new Increment(id, "in the batch"), messageId);

            await ChangeElsewhere(host, id, "elsewhere");

            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        }

        var saga = await host.Read(id);
        Assert.Equal(["stored", "elsewhere"], saga!.Marks.Select(mark => mark.Note));
        Assert.False(await host.With(db => db.Set<InboxMessage>().AsNoTracking().AnyAsync(message => message.MessageId == messageId)));
    }

    static async Task ReadOnce(TestDatabase database)
    {
        await using var _ = database;
        var caller = new CallerScope();
        var log = new CommandLog();
        await using var host = await CounterHost.Start(database, database.NewService(), caller.RunFirst,
            services => services.ConfigureDbContext<CounterDbContext>(options => options.AddInterceptors(log)));
        Guid[] ids = [await Stored(host), await Stored(host), await Stored(host)];
        Guid[] messageIds = [NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid()];

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            caller.Join(scope);
            scope.ServiceProvider.GetRequiredService<SagaBatch>().Expect(ids, messageIds);
            log.Clear();

            for (var i = 0; i < ids.Length; i++)
                await caller.Receive(host, new Increment(ids[i], "batched"), messageIds[i]);

            Assert.Equal((1, 1), (log.ReadsFrom("Counters"), log.ReadsFrom(InboxModel.Table)));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        foreach (var id in ids)
            Assert.Equal(["stored", "batched"], (await host.Read(id))!.Marks.Select(mark => mark.Note));
    }

    static async Task SameMessageTwice(TestDatabase database)
    {
        await using var _ = database;
        var caller = new CallerScope();
        await using var host = await CounterHost.Start(database, database.NewService(), caller.RunFirst);
        var id = await Stored(host);
        var messageId = NewId.NextGuid();
        var other = NewId.NextGuid();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            caller.Join(scope);
            scope.ServiceProvider.GetRequiredService<SagaBatch>().Expect([id, id, id], [messageId, messageId, other]);

            await caller.Receive(host, new Increment(id, "first"), messageId);
            await caller.Receive(host, new Increment(id, "redelivered"), messageId);
            await caller.Receive(host, new Increment(id, "after"), other);

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var saga = await host.Read(id);
        Assert.Equal(["stored", "first", "after"], saga!.Marks.Select(mark => mark.Note));
    }

    /// <summary>A saga stored on its own (not in a batch), counted once.</summary>
    static async Task<Guid> Stored(CounterHost host)
    {
        var id = NewId.NextGuid();
        await host.Publish(new Increment(id, "stored"));
        await host.SagaWhen(id, saga => saga.Counter == 1, "the first increment was stored");
        return id;
    }

    /// <summary>Another writer counts the saga and commits, the way a second orchestrator would.</summary>
    static Task ChangeElsewhere(CounterHost host, Guid id, string note) =>
        host.With(async db =>
        {
            var saga = await db.Counters.SingleAsync(saga => saga.CorrelationId == id);
            saga.Count(note);
            SagaVersion.Next(db.Entry(saga));
            return await db.SaveChangesAsync();
        });
}
