using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Inbox;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

/// <summary>
/// Every saga type on an endpoint receives the others' messages. One that cannot start its saga and finds none is
/// settled by a read outside any transaction: MassTransit's missing-instance handling runs, and nothing is written.
/// </summary>
public sealed class When_a_message_finds_no_saga
{
    [Fact]
    public Task It_is_discarded_without_an_inbox_row_on_sqlite() => DiscardedWithoutWriting(TestDatabase.Sqlite());

    [PostgresFact]
    public Task It_is_discarded_without_an_inbox_row_on_postgres() => DiscardedWithoutWriting(TestDatabase.Postgres());

    [Fact]
    public async Task Only_events_of_the_initial_state_can_start_a_state_machine_saga()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await CounterHost.Start(database, database.NewService());
        var starts = host.Services.GetRequiredService<SagaStartingMessages<CounterSaga>>();

        Assert.True(starts.CanStart<StartCounting>());
        Assert.True(starts.CanStart<Increment>());
        Assert.True(starts.CanStart<CloseCounter>());
        Assert.False(starts.CanStart<FinishCounting>());
        Assert.False(starts.CanStart<Audit>());
    }

    static async Task DiscardedWithoutWriting(TestDatabase database)
    {
        await using var _ = database;
        await using var host = await CounterHost.Start(database, database.NewService());
        var (missing, existing) = (NewId.NextGuid(), NewId.NextGuid());
        await host.Publish(new StartCounting(existing));
        await host.SagaWhen(existing, saga => saga.CurrentState == "Counting", "the counter started");

        var toMissing = NewId.NextGuid();
        await host.Publish(new FinishCounting(missing), toMissing);
        // Polled rather than awaited with the harness's Any, which gives up once the bus looks idle for a moment.
        await Eventually.Until(
            () => Task.FromResult(host.Harness.Consumed.Select<FinishCounting>(message => message.Context.MessageId == toMissing).Any()),
            "the message for the missing saga was consumed");
        var toExisting = NewId.NextGuid();
        await host.Publish(new FinishCounting(existing), toExisting);
        await host.SagaWhen(existing, saga => saga.CurrentState == "Done", "the existing counter finished");

        Assert.Null(await host.Read(missing));
        Assert.False(host.Faulted<FinishCounting>());
        Assert.False(await Remembered(host, toMissing));
        Assert.True(await Remembered(host, toExisting));
    }

    static Task<bool> Remembered(CounterHost host, Guid messageId) =>
        host.With(db => db.Set<InboxMessage>().AsNoTracking().AnyAsync(x => x.MessageId == messageId));
}
