using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Schema;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

/// <summary>Transactions of one process on one SQLite file queue for their turn instead of polling SQLite's busy handler.</summary>
public sealed class When_sqlite_writers_take_turns
{
    static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Many_concurrent_transactions_all_commit()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await Start(database, TimeSpan.FromSeconds(30));

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => Write(host, $"writer {i}"))));

        Assert.Equal(64, await Count(host));
    }

    [Fact]
    public async Task A_writer_that_waits_longer_than_the_busy_timeout_is_told_which_file()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await Start(database, ShortWait);
        await using var holder = host.CreateAsyncScope();
        var holding = holder.ServiceProvider.GetRequiredService<CounterDbContext>();
        await using var transaction = await holding.Database.BeginTransactionAsync();

        var waited = await Assert.ThrowsAsync<TimeoutException>(() => Write(host, "too late"));

        Assert.Contains(".db", waited.Message);
    }

    [Fact]
    public async Task A_one_statement_save_queues_too()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await Start(database, ShortWait);
        await using var holder = host.CreateAsyncScope();
        await using var transaction = await holder.ServiceProvider.GetRequiredService<CounterDbContext>().Database.BeginTransactionAsync();
        await using var scope = host.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
        var id = Guid.NewGuid();
        context.AuditEntries.Add(new AuditEntry { Id = id, SagaId = id, Note = "no transaction of its own" });

        // SQLITE_BUSY (a SqliteException) would mean it went past the queue and polled the lock instead.
        await Assert.ThrowsAsync<TimeoutException>(() => context.SaveChangesAsync());
    }

    [Fact]
    public async Task A_turn_ends_with_a_rollback_a_failure_or_a_transaction_dropped_unfinished()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await Start(database, ShortWait);

        await InTransaction(host, (context, transaction) => transaction.RollbackAsync());
        await InTransaction(host, (_, _) => Task.CompletedTask);
        await Assert.ThrowsAsync<DbUpdateException>(() => InTransaction(host, async (context, _) =>
        {
            var id = Guid.NewGuid();
            context.AuditEntries.Add(new AuditEntry { Id = id, SagaId = id, Note = "first" });
            await context.SaveChangesAsync();
            context.ChangeTracker.Clear();
            context.AuditEntries.Add(new AuditEntry { Id = id, SagaId = id, Note = "same key" });
            await context.SaveChangesAsync();
        }));

        // Each of the above handed its turn back, or this would wait out the short busy timeout and throw.
        await Write(host, "after all of them");
        Assert.Equal(1, await Count(host));
    }

    static async Task<ServiceProvider> Start(TestDatabase database, TimeSpan busyTimeout)
    {
        var host = database.Services<CounterDbContext>(database.NewService(), sqliteBusyTimeout: busyTimeout).BuildServiceProvider();
        await SchemaMigrator.ApplyAsync(host);
        return host;
    }

    static async Task InTransaction(ServiceProvider host, Func<CounterDbContext, IDbContextTransaction, Task> work)
    {
        await using var scope = host.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
        await using var transaction = await context.Database.BeginTransactionAsync();
        await work(context, transaction);
    }

    /// <summary>A unit of work as the saga repository and the workers run it: an explicit transaction.</summary>
    static Task Write(ServiceProvider host, string note) => InTransaction(host, async (context, transaction) =>
    {
        var id = Guid.NewGuid();
        context.AuditEntries.Add(new AuditEntry { Id = id, SagaId = id, Note = note });
        await context.SaveChangesAsync();
        await transaction.CommitAsync();
    });

    static async Task<int> Count(ServiceProvider host)
    {
        await using var scope = host.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CounterDbContext>().AuditEntries.CountAsync();
    }
}
