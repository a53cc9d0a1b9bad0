using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Sending;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>
/// Scheduled rows (saga timeouts) wait unclaimed until they are due, when a sweep delivers them; cancelling deletes the
/// row in the caller's transaction, or drops it before it was ever saved. Time is a fake clock moved by the tests.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_rows_are_scheduled(KafkaFixture kafka)
{
    static readonly TimeSpan Delay = TimeSpan.FromMinutes(5);
    readonly FakeTimeProvider _time = TestClock.Now();

    [Fact]
    public async Task A_row_waits_until_it_is_due_and_a_sweep_then_delivers_it()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("due"), _time);
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());
        await host.Schedule(sagaId, 1, tokenId, _time.GetUtcNow() + Delay);

        var row = Assert.Single(await host.Rows());
        Assert.Equal((tokenId, null, _time.GetUtcNow() + Delay), (row.TokenId, row.ClaimedBy, row.NextAttemptAt));

        _time.Advance(Delay - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Empty(host.Produced());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal((sagaId, 1), (Assert.Single(host.Produced()).SagaId, host.Produced()[0].Step));
        Assert.Empty(await host.Rows());
    }

    [Fact]
    public async Task A_due_row_goes_out_while_an_earlier_record_of_its_saga_is_still_held()
    {
        await using var database = TestDatabase.Sqlite();
        var settings = OutboxHost.Settings(database, s => s["Outbox:LeaseDuration"] = "00:10:00");
        await using var host = await OutboxHost.WithoutDelivery(kafka, settings, kafka.CreateTopic("independent"), _time);
        var sagaId = NewId.NextGuid();
        await host.Send(sagaId, 1);
        await host.Schedule(sagaId, 2, NewId.NextGuid(), _time.GetUtcNow() + Delay);

        _time.Advance(Delay);

        // The record sent now is still claimed by the process that wrote it: its lease is longer than the delay.
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal([2], host.Produced().Select(record => record.Step));
        Assert.Null(Assert.Single(await host.Rows()).TokenId);
    }

    [Fact]
    public async Task A_cancelled_row_is_deleted_and_never_delivered()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("cancelled"), _time);
        var (cancelled, kept) = (NewId.NextGuid(), NewId.NextGuid());
        await host.Schedule(NewId.NextGuid(), 1, cancelled, _time.GetUtcNow() + Delay);
        await host.Schedule(NewId.NextGuid(), 2, kept, _time.GetUtcNow() + Delay);

        await host.Transaction((_, scope) => scope.GetRequiredService<OutboxWriter<ParcelDbContext>>().Cancel(cancelled, CancellationToken.None));

        Assert.Equal([kept], (await host.Rows()).Select(row => row.TokenId));
        _time.Advance(Delay);
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal([2], host.Produced().Select(record => record.Step));
    }

    [Fact]
    public async Task A_row_cancelled_before_it_was_saved_is_never_written()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("unsaved"), _time);
        var (sagaId, cancelled, kept) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());

        await host.Transaction(async (_, scope) =>
        {
            var outbox = scope.GetRequiredService<OutboxWriter<ParcelDbContext>>();
            outbox.Schedule(host.Record(sagaId, 1), cancelled, _time.GetUtcNow() + Delay);
            outbox.Schedule(host.Record(sagaId, 2), kept, _time.GetUtcNow() + Delay);
            await outbox.Cancel(cancelled, CancellationToken.None);
        });

        Assert.Equal([kept], (await host.Rows()).Select(row => row.TokenId));
        _time.Advance(Delay);
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal([2], host.Produced().Select(record => record.Step));
    }

    [Fact]
    public async Task A_cancel_whose_transaction_rolls_back_leaves_the_row_to_fire()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("cancel-rolled-back"), _time);
        var tokenId = NewId.NextGuid();
        await host.Schedule(NewId.NextGuid(), 1, tokenId, _time.GetUtcNow() + Delay);

        await host.Transaction((_, scope) => scope.GetRequiredService<OutboxWriter<ParcelDbContext>>().Cancel(tokenId, CancellationToken.None), rollBack: true);

        Assert.Equal([tokenId], (await host.Rows()).Select(row => row.TokenId));
        _time.Advance(Delay);
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_a_row_that_already_fired_or_never_existed_changes_nothing()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), kafka.CreateTopic("fired"), _time);
        var (fired, pending) = (NewId.NextGuid(), NewId.NextGuid());
        await host.Schedule(NewId.NextGuid(), 1, fired, _time.GetUtcNow() + Delay);
        _time.Advance(Delay);
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        await host.Schedule(NewId.NextGuid(), 2, pending, _time.GetUtcNow() + Delay);

        await host.Transaction(async (_, scope) =>
        {
            var outbox = scope.GetRequiredService<OutboxWriter<ParcelDbContext>>();
            await outbox.Cancel(fired, CancellationToken.None);
            await outbox.Cancel(NewId.NextGuid(), CancellationToken.None);
        });

        Assert.Equal([pending], (await host.Rows()).Select(row => row.TokenId));
        Assert.Equal([1], host.Produced().Select(record => record.Step));
    }
}
