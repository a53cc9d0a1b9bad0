using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// A process that committed rows and died before producing them leaves them claimed. Another process's sweep takes
/// them once the claims end, each saga in order; the same process restarted under its <c>RelayId</c> takes them back at
/// once. What the dead process had produced but not deleted goes out again as the same message, which consumers
/// deduplicate by MessageId. Time is a fake clock moved by the tests.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_process_dies_holding_claims(KafkaFixture kafka)
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    readonly FakeTimeProvider _time = TestClock.Now();

    [Fact]
    public Task Another_process_sweeps_its_rows_in_order_once_the_claims_end_on_sqlite() => TakenOver(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Another_process_sweeps_its_rows_in_order_once_the_claims_end_on_postgres() => TakenOver(TestDatabase.Postgres());

    /// <summary>One sweep takes every saga whole: all of a saga's rows are claimed with its first.</summary>
    async Task TakenOver(TestDatabase database)
    {
        await using var _ = database;
        var topic = kafka.CreateTopic("takeover");
        var (first, second) = (NewId.NextGuid(), NewId.NextGuid());
        await using (var dead = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic, _time))
        {
            await dead.Send(first, 1, 2);
            await dead.Send(second, 1);
            await dead.Send(first, 3);
        }
        await using var survivor = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic, _time);

        Assert.Equal(0, await survivor.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal(4, (await survivor.Rows()).Count);

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(4, await survivor.Sweeper.Sweep(CancellationToken.None));

        Assert.Empty(await survivor.Rows());
        var records = survivor.Produced();
        Assert.Equal([1, 2, 3], records.Where(record => record.SagaId == first).Select(record => record.Step));
        Assert.Equal([1], records.Where(record => record.SagaId == second).Select(record => record.Step));
    }

    [Fact]
    public async Task Its_restart_under_the_same_relay_id_takes_them_back_at_once()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("restart");
        var settings = OutboxHost.Settings(database, s => s["Outbox:RelayId"] = "parcels-0");
        var sagaId = NewId.NextGuid();
        await using (var dead = await OutboxHost.WithoutDelivery(kafka, settings, topic, _time))
            await dead.Send(sagaId, 1, 2);

        await using var restarted = await OutboxHost.Start(kafka, settings, topic, time: _time);

        Assert.All(await restarted.Rows(), row => Assert.Equal((null, null), (row.ClaimedBy, row.ClaimedUntil)));
        Assert.Equal(2, await restarted.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal([1, 2], restarted.Produced().Select(record => record.Step));
        Assert.Empty(await restarted.Rows());
    }

    [Fact]
    public async Task A_restart_under_another_relay_id_leaves_them_claimed()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("other-id");
        await using (var dead = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database, s => s["Outbox:RelayId"] = "parcels-0"), topic, _time))
            await dead.Send(NewId.NextGuid(), 1);

        await using var other = await OutboxHost.Start(kafka, OutboxHost.Settings(database, s => s["Outbox:RelayId"] = "parcels-1"), topic, time: _time);

        Assert.Equal("parcels-0", Assert.Single(await other.Rows()).ClaimedBy);
        Assert.Equal(0, await other.Sweeper.Sweep(CancellationToken.None));
        Assert.Empty(other.Produced());
    }

    [Fact]
    public async Task A_record_it_produced_but_never_deleted_goes_out_again_as_the_same_message()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("crash");
        await using (var dead = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic, _time))
        {
            await dead.Send(NewId.NextGuid(), 1);
            // It got as far as producing, and died before its settlement deleted the row.
            await dead.Producer.ProduceBatch([Assert.Single(await dead.Rows()).ToRecord()]);
        }
        await using var survivor = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic, _time);

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await survivor.Sweeper.Sweep(CancellationToken.None));

        var records = survivor.Produced();
        Assert.Equal(2, records.Count);
        Assert.Single(records.Select(record => record.MessageId).Distinct());
        Assert.Empty(await survivor.Rows());
    }

    [Fact]
    public async Task A_later_row_of_a_saga_waits_while_an_earlier_one_is_held_or_waiting_for_a_retry()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("order");
        var (held, retrying, free) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        await using (var dead = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic, _time))
        {
            await dead.Send(held, 1, 2);
            await dead.Send(retrying, 1, 2);
            await dead.Send(free, 1, 2);
        }
        await using var survivor = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic, _time);
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var rows = await survivor.Rows();
        var now = _time.GetUtcNow();
        // The held saga's first row is in another process's hands; the retrying saga's first row waits for its backoff.
        await survivor.Update(outbox => outbox.Where(m => m.Id == rows[0].Id)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, "other-process").SetProperty(m => m.ClaimedUntil, now + Lease)));
        await survivor.Update(outbox => outbox.Where(m => m.Id == rows[2].Id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null)
            .SetProperty(m => m.Attempts, 1).SetProperty(m => m.NextAttemptAt, now + TimeSpan.FromSeconds(30))));

        Assert.Equal(2, await survivor.Sweeper.Sweep(CancellationToken.None));

        Assert.Equal([free, free], survivor.Produced().Select(record => record.SagaId));
        Assert.Equal([held, held, retrying, retrying], (await survivor.Rows()).Select(row => row.SagaId));
    }
}
