using Microsoft.Extensions.Logging;
using Quartz;
using Sagas.Scheduling.Jobs;

namespace Sagas.Scheduling;

/// <summary>
/// Applies timeout requests to Quartz, idempotently, so an outbox relay may apply one more than once: scheduling a
/// token again replaces its job and trigger, cancelling removes them, and cancelling a token that fired or never
/// existed does nothing.
/// </summary>
public sealed class TimeoutScheduler(ISchedulerFactory schedulers, ILogger<TimeoutScheduler> logger)
{
    /// <summary>Attempts at one request that met a concurrent one (see <see cref="TransientStoreFailure"/>) before the failure is the caller's.</summary>
    const int Attempts = 3;

    static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Schedules or cancels one timeout in the job store. A deadlock, or a cancel racing the timeout's firing, is retried
    /// here (bounded, logged), so the outbox sees a failure only when the store keeps refusing.
    /// </summary>
    public async Task Apply(TimeoutRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnce(request, cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < Attempts && TransientStoreFailure.Is(exception, request) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Timeout {TokenId}: the job store request met a concurrent one (attempt {Attempt} of {Attempts}); retrying",
                    request.TokenId, attempt, Attempts);
                await Task.Delay(RetryDelay * attempt, cancellationToken);
            }
        }
    }

    async Task ApplyOnce(TimeoutRequest request, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        switch (request)
        {
            case ScheduleTimeout schedule:
                await scheduler.ScheduleJob(TimeoutJobs.Job(schedule), [TimeoutJobs.Trigger(schedule.TokenId, schedule.DueAt)],
                    new ScheduleJobOptions { Replace = true }, cancellationToken);
                logger.LogDebug("Timeout {TokenId} for saga {SagaId} scheduled at {DueAt} to {Topic}",
                    schedule.TokenId, schedule.Record.Key, schedule.DueAt, schedule.Record.Topic);
                break;
            case CancelTimeout cancel:
                var removed = await scheduler.DeleteJob(TimeoutJobs.JobKeyOf(cancel.TokenId), cancellationToken);
                logger.LogDebug("Timeout {TokenId} cancelled ({Outcome})", cancel.TokenId, removed ? "removed" : "already gone");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request, "Unknown timeout request.");
        }
    }

    /// <summary>Whether the timeout named by the token is still waiting to be delivered.</summary>
    public async Task<bool> IsPending(Guid tokenId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.GetJobDetail(TimeoutJobs.JobKeyOf(tokenId), cancellationToken) is not null;
    }
}
