using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Inbox;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

public sealed class When_a_message_is_redelivered
{
    [Fact]
    public Task The_saga_processes_it_once_on_sqlite() => ProcessedOnce(TestDatabase.Sqlite());

    [PostgresFact]
    public Task The_saga_processes_it_once_on_postgres() => ProcessedOnce(TestDatabase.Postgres());

    [Fact]
    public Task A_message_whose_transaction_rolled_back_is_processed_on_redelivery_on_sqlite() => RolledBackIsNotRemembered(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_message_whose_transaction_rolled_back_is_processed_on_redelivery_on_postgres() => RolledBackIsNotRemembered(TestDatabase.Postgres());

    [Fact]
    public Task Ids_past_retention_are_forgotten_on_sqlite() => ForgetsExpired(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Ids_past_retention_are_forgotten_on_postgres() => ForgetsExpired(TestDatabase.Postgres());

    [Fact]
    public Task An_id_the_model_recorded_is_recognised_on_sqlite() => RecognisesModelRows(TestDatabase.Sqlite());

    [PostgresFact]
    public Task An_id_the_model_recorded_is_recognised_on_postgres() => RecognisesModelRows(TestDatabase.Postgres());

    /// <summary>
    /// The repository records ids with its own SQL; a row written through the model (as the cleanup and earlier
    /// versions see it) must match it, Guid format and all, or a redelivery would slip through.
    /// </summary>
    static async Task RecognisesModelRows(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = await StartCounter(host);

        var recorded = NewId.NextGuid();
        await host.With(async db =>
        {
            db.Add(new InboxMessage { Consumer = nameof(CounterSaga), MessageId = recorded, ConsumedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        await host.Publish(new Increment(id, "recorded before"), recorded);
        await Eventually.Until(() => Task.FromResult(host.Consumed<Increment>(recorded)), "the recorded increment arrived");
        await host.Publish(new Increment(id, "new"), NewId.NextGuid());

        var saga = await host.SagaWhen(id, saga => saga.Counter == 1, "the new increment counted");
        Assert.Equal(["new"], saga.Marks.Select(mark => mark.Note));
    }

    static async Task ForgetsExpired(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var now = DateTimeOffset.UtcNow;
        var (expired, kept) = (NewId.NextGuid(), NewId.NextGuid());
        await host.With(async db =>
        {
            db.AddRange(
                new InboxMessage { Consumer = nameof(CounterSaga), MessageId = expired, ConsumedAt = now - TimeSpan.FromDays(8) },
                new InboxMessage { Consumer = nameof(CounterSaga), MessageId = kept, ConsumedAt = now - TimeSpan.FromDays(6) });
            return await db.SaveChangesAsync();
        });

        var cleanup = ActivatorUtilities.CreateInstance<InboxCleanup<CounterDbContext>>(host.Services, TimeProvider.System);
        Assert.Equal(1, await cleanup.RemoveExpired(CancellationToken.None));

        Assert.False(await Remembered(host, expired));
        Assert.True(await Remembered(host, kept));
    }

    static async Task ProcessedOnce(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = await StartCounter(host);

        var once = NewId.NextGuid();
        await host.Publish(new Increment(id, "first"), once);
        await host.SagaWhen(id, saga => saga.Counter == 1, "the first increment counted");
        await host.Publish(new Increment(id, "first again"), once);
        await host.Publish(new Increment(id, "second"), NewId.NextGuid());

        var saga = await host.SagaWhen(id, saga => saga.Counter == 2, "the second increment counted");
        Assert.Equal(["first", "second"], saga.Marks.Select(mark => mark.Note));
        Assert.True(await Remembered(host, once));
    }

    static async Task RolledBackIsNotRemembered(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = await StartCounter(host);

        var audit = NewId.NextGuid();
        await host.Publish(new Audit(id, "lost", Audit.Always), audit);
        await Eventually.Until(() => Task.FromResult(host.Faulted<Audit>()), "the audit faulted");
        Assert.False(await Remembered(host, audit));

        await host.Publish(new Audit(id, "redelivered"), audit);
        await host.SagaWhen(id, saga => saga.LastAudit == "redelivered", "the redelivered audit was processed");
        Assert.True(await Remembered(host, audit));
    }

    static async Task<Guid> StartCounter(CounterHost host)
    {
        var id = NewId.NextGuid();
        await host.Publish(new StartCounting(id));
        await host.SagaWhen(id, saga => saga.CurrentState == "Counting", "the counter started");
        return id;
    }

    static Task<bool> Remembered(CounterHost host, Guid messageId) =>
        host.With(db => db.Set<InboxMessage>().AsNoTracking().AnyAsync(x => x.MessageId == messageId && x.Consumer == nameof(CounterSaga)));
}
