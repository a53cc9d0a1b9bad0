using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

public sealed class When_the_saga_pipeline_writes_other_entities
{
    [Fact]
    public Task They_commit_with_the_saga_on_sqlite() => CommitsTogether(TestDatabase.Sqlite());

    [PostgresFact]
    public Task They_commit_with_the_saga_on_postgres() => CommitsTogether(TestDatabase.Postgres());

    [Fact]
    public Task Nothing_commits_when_a_later_activity_throws_on_sqlite() => RollsBackTogether(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Nothing_commits_when_a_later_activity_throws_on_postgres() => RollsBackTogether(TestDatabase.Postgres());

    [Fact]
    public Task A_retry_in_the_same_scope_writes_them_once_on_sqlite() => RetriesClean(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_retry_in_the_same_scope_writes_them_once_on_postgres() => RetriesClean(TestDatabase.Postgres());

    static async Task RetriesClean(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = await Started(host);

        await host.Publish(new Audit(id, "retried", FailingAttempts: 1));
        await host.SagaWhen(id, saga => saga.LastAudit == "retried", "the retried audit was recorded");

        // The failed attempt's audit row was in the same DbContext; it must not be saved along with the retry's.
        Assert.Equal(["retried"], await AuditNotes(host, id));
        Assert.False(host.Faulted<Audit>());
    }

    static async Task CommitsTogether(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = await Started(host);

        await host.Publish(new Audit(id, "kept"));
        await host.SagaWhen(id, saga => saga.LastAudit == "kept", "the saga recorded the audit");

        Assert.Equal(["kept"], await AuditNotes(host, id));
    }

    static async Task RollsBackTogether(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = await Started(host);
        var before = await Version(host, id);

        await host.Publish(new Audit(id, "lost", Audit.Always));
        await Eventually.Until(() => Task.FromResult(host.Faulted<Audit>()), "the audit faulted");

        Assert.Null((await host.Read(id))?.LastAudit);
        Assert.Empty(await AuditNotes(host, id));
        Assert.Equal(before, await Version(host, id));

        // Every attempt rolled back and was cleared, so the saga goes on cleanly with the next message.
        await host.Publish(new Audit(id, "after"));
        await host.SagaWhen(id, saga => saga.LastAudit == "after", "the next audit was recorded");
        Assert.Equal(["after"], await AuditNotes(host, id));
    }

    static async Task<Guid> Started(CounterHost host)
    {
        var id = NewId.NextGuid();
        await host.Publish(new StartCounting(id));
        Assert.NotNull(await host.Sagas.Exists(id, machine => machine.Counting));
        return id;
    }

    static Task<List<string>> AuditNotes(CounterHost host, Guid id) =>
        host.With(db => db.AuditEntries.AsNoTracking().Where(entry => entry.SagaId == id).Select(entry => entry.Note).ToListAsync());

    static Task<int> Version(CounterHost host, Guid id) =>
        host.With(db => db.Counters.AsNoTracking().Where(saga => saga.CorrelationId == id)
            .Select(saga => EF.Property<int>(saga, "Version")).SingleAsync());
}
