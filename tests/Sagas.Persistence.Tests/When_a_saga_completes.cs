using MassTransit;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

/// <summary>MassTransit asks the repository to delete completed sagas; ours keeps them for inspection.</summary>
public sealed class When_a_saga_completes
{
    [Fact]
    public Task Its_row_is_kept_in_its_final_state_on_sqlite() => Kept(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Its_row_is_kept_in_its_final_state_on_postgres() => Kept(TestDatabase.Postgres());

    static async Task Kept(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var loaded = NewId.NextGuid();
        var created = NewId.NextGuid();

        await host.Publish(new Increment(loaded, "before"));
        await host.SagaWhen(loaded, saga => saga.Counter == 1, "the saga counted");
        await host.Publish(new CloseCounter(loaded));
        // A saga created and completed by the same message is kept too.
        await host.Publish(new CloseCounter(created));

        var closed = await host.SagaWhen(loaded, saga => saga.CurrentState == "Final", "the loaded saga was finalized");
        Assert.Equal([new CounterMark(1, "before")], closed.Marks);
        await host.SagaWhen(created, saga => saga.CurrentState == "Final", "the new saga was finalized");
        Assert.False(host.Faulted<CloseCounter>());
    }
}
