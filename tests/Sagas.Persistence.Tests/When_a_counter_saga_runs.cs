using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Testing;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

public sealed class When_a_counter_saga_runs
{
    [Fact]
    public Task It_reaches_its_states_and_the_harness_finds_it_on_sqlite() => ReachesStates(TestDatabase.Sqlite());

    [PostgresFact]
    public Task It_reaches_its_states_and_the_harness_finds_it_on_postgres() => ReachesStates(TestDatabase.Postgres());

    [Fact]
    public Task Its_state_and_json_columns_survive_a_restart_on_sqlite() => SurvivesRestart(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Its_state_and_json_columns_survive_a_restart_on_postgres() => SurvivesRestart(TestDatabase.Postgres());

    static async Task ReachesStates(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var id = NewId.NextGuid();

        await host.Publish(new StartCounting(id));
        Assert.Equal(id, await host.Sagas.Exists(id, machine => machine.Counting));

        await host.Publish(new Increment(id, "one"));
        await host.SagaWhen(id, saga => saga.Counter == 1, "the increment counted");
        await host.Publish(new FinishCounting(id));
        Assert.Equal(id, await host.Sagas.Exists(id, machine => machine.Done));

        var saga = await host.Read(id);
        Assert.NotNull(saga);
        Assert.Equal(1, saga.Counter);
        Assert.Equal("Done", saga.CurrentState);
    }

    static async Task SurvivesRestart(TestDatabase database)
    {
        await using var _ = database;
        var service = database.NewService();
        var finished = NewId.NextGuid();
        var counting = NewId.NextGuid();

        await using (var first = await CounterHost.Start(database, service))
        {
            await first.Publish(new Increment(finished, "a"));
            await first.SagaWhen(finished, saga => saga.Counter == 1, "the first increment counted");
            await first.Publish(new Increment(finished, "b"));
            await first.Publish(new Increment(counting, "c"));
            await first.SagaWhen(finished, saga => saga.Counter == 2, "the second increment counted");
            await first.SagaWhen(counting, saga => saga.Counter == 1, "the other saga counted");
            await first.Publish(new FinishCounting(finished));
            Assert.NotNull(await first.Sagas.Exists(finished, machine => machine.Done));
        }

        await using var second = await CounterHost.Start(database, service);
        var loaded = await second.Services.GetRequiredService<ILoadSagaRepository<CounterSaga>>().Load(finished);
        Assert.NotNull(loaded);
        Assert.Equal("Done", loaded.CurrentState);
        Assert.Equal(2, loaded.Counter);
        Assert.Equal([new CounterMark(1, "a"), new CounterMark(2, "b")], loaded.Marks);

        await second.Publish(new Increment(counting, "d"));
        var resumed = await second.SagaWhen(counting, saga => saga.Counter == 2, "the restarted host counted");
        Assert.Equal([new CounterMark(1, "c"), new CounterMark(2, "d")], resumed.Marks);
    }
}
