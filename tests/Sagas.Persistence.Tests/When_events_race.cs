using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

public sealed class When_events_race
{
    const int Increments = 50;

    [Fact]
    public Task Concurrent_increments_on_one_saga_all_count_on_sqlite() => OneSaga(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Concurrent_increments_on_one_saga_all_count_on_postgres() => OneSaga(TestDatabase.Postgres());

    [Fact]
    public Task Many_sagas_counted_at_once_each_get_their_own_count_on_sqlite() => ManySagas(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Many_sagas_counted_at_once_each_get_their_own_count_on_postgres() => ManySagas(TestDatabase.Postgres());

    [Fact]
    public Task Concurrent_first_events_for_one_id_make_one_row_with_every_event_applied_on_sqlite() =>
        FirstEvents(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Concurrent_first_events_for_one_id_make_one_row_with_every_event_applied_on_postgres() =>
        FirstEvents(TestDatabase.Postgres());

    [Fact]
    public Task Concurrent_first_events_of_an_insert_on_initial_saga_make_one_row_with_every_event_applied_on_sqlite() =>
        EagerFirstEvents(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Concurrent_first_events_of_an_insert_on_initial_saga_make_one_row_with_every_event_applied_on_postgres() =>
        EagerFirstEvents(TestDatabase.Postgres());

    static async Task OneSaga(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = NewId.NextGuid();
        await host.Publish(new StartCounting(id));
        Assert.NotNull(await host.Sagas.Exists(id, machine => machine.Counting));

        await Task.WhenAll(Enumerable.Range(1, Increments).Select(i => host.Publish(new Increment(id, $"{i}"))));
        var saga = await host.SagaWhen(id, saga => saga.Counter == Increments, $"the counter reached {Increments}");

        Assert.False(host.Faulted<Increment>());
        Assert.Equal(Enumerable.Range(1, Increments), saga.Marks.Select(mark => mark.Count));
    }

    static async Task ManySagas(TestDatabase database)
    {
        const int sagas = 10;
        const int each = 5;
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var ids = Enumerable.Range(0, sagas).Select(_ => NewId.NextGuid()).ToList();

        await Task.WhenAll(Enumerable.Range(0, each).SelectMany(_ => ids).Select(id => host.Publish(new Increment(id))));
        var counts = await host.When(
            db => db.Counters.AsNoTracking().ToDictionaryAsync(saga => saga.CorrelationId, saga => saga.Counter),
            counts => counts.Values.Sum() == sagas * each, "every increment counted");

        Assert.False(host.Faulted<Increment>());
        Assert.Equal(ids.ToDictionary(id => id, _ => each), counts);
    }

    static async Task FirstEvents(TestDatabase database)
    {
        const int first = 20;
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, first).Select(_ => host.Publish(new Increment(id))));
        await host.SagaWhen(id, saga => saga.Counter == first, $"the counter reached {first}");

        Assert.False(host.Faulted<Increment>());
        Assert.Equal(1, await host.With(db => db.Counters.CountAsync(saga => saga.CorrelationId == id)));
    }

    static async Task EagerFirstEvents(TestDatabase database)
    {
        const int first = 20;
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, first).Select(_ => host.Publish(new EagerIncrement(id))));
        await host.When(db => db.EagerCounters.AsNoTracking().Where(saga => saga.CorrelationId == id).Select(saga => saga.Counter).ToListAsync(),
            counters => counters is [first], $"one row counted to {first}");

        Assert.False(host.Faulted<EagerIncrement>());
    }
}
