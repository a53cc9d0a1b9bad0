using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Outbox.Tests.Support;
using Sagas.Scheduling;

namespace Sagas.Outbox.Tests;

/// <summary>Schedule and cancel requests go through the outbox and reach the (in-memory) scheduler in order.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_saga_asks_for_timeouts(KafkaFixture kafka)
{
    static readonly DateTimeOffset Later = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);

    [Fact]
    public async Task A_committed_schedule_reaches_the_scheduler_and_a_later_cancel_removes_it()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, kafka.CreateTopic("timeouts")));
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());

        await host.Transaction((db, scope) =>
        {
            db.Parcels.Add(new Parcel { CorrelationId = sagaId, Status = "Waiting" });
            return Submit(scope, new ScheduleTimeout(tokenId, Later, TimedOut(host, sagaId)));
        });
        await host.AllDelivered(1);
        Assert.True(await host.Scheduler.IsPending(tokenId));

        await host.Transaction(async (db, scope) =>
        {
            (await db.Parcels.FindAsync(sagaId))!.Status = "Done";
            await Submit(scope, new CancelTimeout(tokenId));
        });
        var rows = await host.AllDelivered(2);

        Assert.Equal([OutboxMessageKind.ScheduleTimeout, OutboxMessageKind.CancelTimeout], rows.Select(row => row.Kind));
        Assert.Equal([sagaId, sagaId], rows.Select(row => row.SagaId));
        Assert.False(await host.Scheduler.IsPending(tokenId));
    }

    [Fact]
    public async Task A_schedule_and_its_cancel_in_one_transaction_are_applied_in_that_order_after_a_record()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("mixed");
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, topic));
        var (sagaId, cancelled, kept) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());

        await host.Transaction(async (db, scope) =>
        {
            db.Parcels.Add(new Parcel { CorrelationId = sagaId, Status = "Waiting" });
            await scope.GetRequiredService<OutboxMessageDispatcher<ParcelDbContext>>().Dispatch(new ParcelMoved(sagaId, 1), null, CancellationToken.None);
            await Submit(scope, new ScheduleTimeout(cancelled, Later, TimedOut(host, sagaId)));
            await Submit(scope, new CancelTimeout(cancelled));
            await Submit(scope, new ScheduleTimeout(kept, Later, TimedOut(host, sagaId)));
        });

        await host.AllDelivered(4);
        Assert.False(await host.Scheduler.IsPending(cancelled));
        Assert.True(await host.Scheduler.IsPending(kept));
        Assert.Equal([1], TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic).Select(record => record.Step));
    }

    [Fact]
    public async Task A_rolled_back_schedule_never_reaches_the_scheduler()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, kafka.CreateTopic("rolled-back")));
        var (sagaId, rolledBack, committed) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());

        await host.Transaction((_, scope) => Submit(scope, new ScheduleTimeout(rolledBack, Later, TimedOut(host, sagaId))), rollBack: true);
        await host.Transaction((_, scope) => Submit(scope, new ScheduleTimeout(committed, Later, TimedOut(host, sagaId))));

        Assert.Equal(committed, Assert.Single(await host.AllDelivered(1)).TokenId);
        Assert.True(await host.Scheduler.IsPending(committed));
        Assert.False(await host.Scheduler.IsPending(rolledBack));
    }

    static Task Submit(IServiceProvider scope, TimeoutRequest request) =>
        scope.GetRequiredService<OutboxTimeoutRequests<ParcelDbContext>>().Submit(request, CancellationToken.None);

    static Sagas.Kafka.KafkaRecord TimedOut(OutboxHost host, Guid sagaId) =>
        host.Producer.Serialize("unused", sagaId, new ParcelMoved(sagaId, 99));
}
