using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sagas.Scheduling.Jobs;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>
/// <see cref="TimeoutScheduler.Apply"/> is idempotent, so an outbox relay may apply a request more than once, and
/// <see cref="TimeoutScheduler.ApplyAll"/> takes a relay's whole wave of requests at once, the last one per timeout winning.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_timeout_requests_are_applied(KafkaFixture kafka)
{
    static readonly DateTimeOffset Later = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);

    [Fact]
    public async Task Scheduling_a_token_again_replaces_its_timeout()
    {
        await using var host = await TimeoutHost.StartScheduler(kafka, JobStoreSettings.InMemory().With("unused"));
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());
        var record = host.Producer.Serialize("unused", sagaId, new WaitTimedOut(sagaId));

        await host.Scheduler.Apply(new ScheduleTimeout(tokenId, Later, record), CancellationToken.None);
        await host.Scheduler.Apply(new ScheduleTimeout(tokenId, Later.AddMinutes(5), record), CancellationToken.None);

        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.Single(await scheduler.GetTriggersOfJob(TimeoutJobs.JobKeyOf(tokenId)));
        Assert.Equal(Later.AddMinutes(5), trigger.NextFireTimeUtc);
    }

    [Fact]
    public async Task Cancelling_twice_or_a_token_never_scheduled_does_nothing()
    {
        await using var host = await TimeoutHost.StartScheduler(kafka, JobStoreSettings.InMemory().With("unused"));
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());
        await host.Scheduler.Apply(new ScheduleTimeout(tokenId, Later, host.Producer.Serialize("unused", sagaId, new WaitTimedOut(sagaId))), CancellationToken.None);

        await host.Scheduler.Apply(new CancelTimeout(tokenId), CancellationToken.None);
        await host.Scheduler.Apply(new CancelTimeout(tokenId), CancellationToken.None);
        await host.Scheduler.Apply(new CancelTimeout(NewId.NextGuid()), CancellationToken.None);

        Assert.False(await host.Scheduler.IsPending(tokenId));
    }

    [Fact]
    public async Task A_batch_leaves_each_timeout_as_its_last_request_says()
    {
        using var directory = new TemporaryDirectory();
        await using var host = await TimeoutHost.StartScheduler(kafka, JobStoreSettings.Sqlite(directory.Path).With("unused"));
        var record = (Guid sagaId) => host.Producer.Serialize("unused", sagaId, new WaitTimedOut(sagaId));
        var (kept, cancelledEarlier, cancelledAtOnce, rescheduled) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        await host.Scheduler.Apply(new ScheduleTimeout(cancelledEarlier, Later, record(NewId.NextGuid())), CancellationToken.None);

        await host.Scheduler.ApplyAll(
        [
            new ScheduleTimeout(kept, Later, record(NewId.NextGuid())),
            new CancelTimeout(cancelledEarlier),
            new ScheduleTimeout(cancelledAtOnce, Later, record(NewId.NextGuid())),
            new ScheduleTimeout(rescheduled, Later, record(NewId.NextGuid())),
            new CancelTimeout(cancelledAtOnce),
            new ScheduleTimeout(rescheduled, Later.AddMinutes(5), record(NewId.NextGuid())),
            new CancelTimeout(NewId.NextGuid()),
        ], CancellationToken.None);

        Assert.True(await host.Scheduler.IsPending(kept));
        Assert.False(await host.Scheduler.IsPending(cancelledEarlier));
        Assert.False(await host.Scheduler.IsPending(cancelledAtOnce));
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.Single(await scheduler.GetTriggersOfJob(TimeoutJobs.JobKeyOf(rescheduled)));
        Assert.Equal(Later.AddMinutes(5), trigger.NextFireTimeUtc);
    }
}
