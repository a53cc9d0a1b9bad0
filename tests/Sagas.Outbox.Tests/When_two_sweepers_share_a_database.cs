using MassTransit;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// Two processes sweep one outbox at once, in small batches so each runs many rounds: every row goes out once, each
/// saga's records in order. On PostgreSQL their claims meet on the rows (<c>FOR UPDATE SKIP LOCKED</c>); SQLite has a
/// single writer. The rows are a dead process's, whose claims have ended, and scheduled ones that are due.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_two_sweepers_share_a_database(KafkaFixture kafka)
{
    const int Sagas = 20;
    readonly FakeTimeProvider _time = TestClock.Now();

    [Fact]
    public Task Every_row_goes_out_once_and_each_saga_in_order_on_sqlite() => OnceInOrder(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Every_row_goes_out_once_and_each_saga_in_order_on_postgres() => OnceInOrder(TestDatabase.Postgres());

    async Task OnceInOrder(TestDatabase database)
    {
        await using var _ = database;
        var topic = kafka.CreateTopic("shared");
        var settings = OutboxHost.Settings(database, s => s["Outbox:BatchSize"] = "3");
        var sagas = Enumerable.Range(0, Sagas).Select(_ => NewId.NextGuid()).ToList();
        await using (var dead = await OutboxHost.WithoutDelivery(kafka, settings, topic, _time))
        {
            foreach (var sagaId in sagas)
            {
                await dead.Send(sagaId, 1, 2);
                await dead.Schedule(sagaId, 10, NewId.NextGuid(), _time.GetUtcNow());
            }
            foreach (var sagaId in sagas)
                await dead.Send(sagaId, 3);
        }
        await using var first = await OutboxHost.WithoutDelivery(kafka, settings, topic, _time);
        await using var second = await OutboxHost.WithoutDelivery(kafka, settings, topic, _time);
        _time.Advance(TimeSpan.FromMinutes(2));

        var delivered = await Task.WhenAll(
            Task.Run(() => SweepUntilEmpty(first)),
            Task.Run(() => SweepUntilEmpty(second)));

        Assert.Empty(await first.Rows());
        var records = first.Produced();
        Assert.Equal(Sagas * 4, records.Count);
        Assert.Equal(records.Count, delivered.Sum());
        Assert.Equal(records.Count, records.Select(record => record.MessageId).Distinct().Count());
        foreach (var sagaId in sagas)
        {
            var steps = records.Where(record => record.SagaId == sagaId && record.Step < 10).Select(record => record.Step);
            Assert.True(steps.SequenceEqual([1, 2, 3]), $"Saga {sagaId} went out as {string.Join(", ", steps)}");
        }
    }

    /// <summary>
    /// Sweeps until no row is left; returns how many rows this sweeper delivered. A round that claims nothing while rows
    /// remain is the other sweeper holding them: this one waits a moment rather than spinning, since a tight loop of
    /// SQLite calls (synchronous under their async face) would starve the thread pool the other's produce completes on.
    /// </summary>
    static async Task<int> SweepUntilEmpty(OutboxHost host)
    {
        var delivered = 0;
        await Eventually.Until(async () =>
        {
            var round = await host.Sweeper.Sweep(CancellationToken.None);
            delivered += round;
            return round == 0 && (await host.Rows()).Count == 0;
        }, "the outbox is empty");
        return delivered;
    }
}
