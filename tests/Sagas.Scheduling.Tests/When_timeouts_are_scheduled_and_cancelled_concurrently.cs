using MassTransit;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>
/// Outbox relays on two clustered nodes schedule, replace and cancel timeouts at once while both nodes fire the due
/// ones: no operation may fail (PostgreSQL once answered some of these with 40P01 deadlock detected).
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_timeouts_are_scheduled_and_cancelled_concurrently(KafkaFixture kafka)
{
    const int Tokens = 40;
    const int RelayThreads = 8;

    [PostgresFact]
    public async Task Every_schedule_and_cancel_succeeds_on_a_clustered_postgresql_store()
    {
        await using var database = await PostgresDatabase.Create();
        var topic = kafka.CreateTopic("contention");
        var settings = JobStoreSettings.Postgres(database.ConnectionString).With(topic);
        await using var first = await TimeoutHost.StartScheduler(kafka, settings);
        await using var second = await TimeoutHost.StartScheduler(kafka, settings);
        TimeoutHost[] nodes = [first, second];
        var tokens = Enumerable.Range(0, Tokens).Select(_ => (SagaId: NewId.NextGuid(), TokenId: NewId.NextGuid())).ToList();

        // Each token is scheduled due now (so the nodes fire it meanwhile), rescheduled and cancelled, from several
        // relay threads on both nodes at once, the same token often on two threads together.
        await Parallel.ForEachAsync(Enumerable.Range(0, Tokens * 3), new ParallelOptions { MaxDegreeOfParallelism = RelayThreads }, async (i, cancellationToken) =>
        {
            var node = nodes[i % nodes.Length];
            var (sagaId, tokenId) = tokens[i % Tokens];
            TimeoutRequest request = (i / Tokens) switch
            {
                0 => new ScheduleTimeout(tokenId, DateTimeOffset.UtcNow, node.Producer.Serialize(topic, sagaId, new WaitTimedOut(sagaId))),
                1 => new ScheduleTimeout(tokenId, DateTimeOffset.UtcNow.AddMilliseconds(200), node.Producer.Serialize(topic, sagaId, new WaitTimedOut(sagaId))),
                _ => new CancelTimeout(tokenId),
            };
            await node.Scheduler.Apply(request, cancellationToken);
        });

        foreach (var (_, tokenId) in tokens)
            await first.Scheduler.Apply(new CancelTimeout(tokenId), CancellationToken.None);
        foreach (var (_, tokenId) in tokens)
            Assert.False(await first.Scheduler.IsPending(tokenId));
    }
}
