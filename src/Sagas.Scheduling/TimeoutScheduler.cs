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
    /// <summary>Attempts at one batch that met a concurrent transaction (see <see cref="TransientStoreFailure"/>) before the failure is the caller's.</summary>
    const int Attempts = 3;

    static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Schedules or cancels one timeout in the job store.</summary>
    public Task Apply(TimeoutRequest request, CancellationToken cancellationToken) => ApplyAll([request], cancellationToken);

    /// <summary>
    /// Applies <paramref name="requests"/>, taken in order, as at most two job-store transactions: one removing every
    /// timeout whose last request is a cancel, one storing every timeout whose last request schedules it. Each job
    /// store transaction costs a lock and a commit, so a relay hands over all it has at once. A deadlock is retried
    /// here (bounded, logged), so the caller sees a failure only when the store keeps refusing.
    /// </summary>
    public async Task ApplyAll(IReadOnlyList<TimeoutRequest> requests, CancellationToken cancellationToken)
    {
        var latest = requests.GroupBy(request => request.TokenId).Select(token => token.Last()).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyOnce(latest, cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < Attempts && TransientStoreFailure.Is(exception) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "{Count} timeout requests met a concurrent job-store transaction (attempt {Attempt} of {Attempts}); retrying",
                    latest.Count, attempt, Attempts);
                await Task.Delay(RetryDelay * attempt, cancellationToken);
            }
        }
    }

    async Task ApplyOnce(List<TimeoutRequest> requests, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var cancels = requests.OfType<CancelTimeout>().Select(cancel => TimeoutJobs.JobKeyOf(cancel.TokenId)).ToList();
        if (cancels.Count > 0)
        {
            // The store removes each job with its triggers in one transaction; a job that fired or never existed is skipped.
            await scheduler.DeleteJobs(cancels, cancellationToken);
            logger.LogDebug("Timeouts {Tokens} cancelled", string.Join(", ", cancels.Select(key => key.Name)));
        }

        var schedules = requests.OfType<ScheduleTimeout>().ToList();
        if (schedules.Count > 0)
        {
            await scheduler.ScheduleJobs(schedules.ToDictionary(
                schedule => TimeoutJobs.Job(schedule), IReadOnlyCollection<ITrigger> (schedule) => [TimeoutJobs.Trigger(schedule.TokenId, schedule.DueAt)]),
                new ScheduleJobOptions { Replace = true }, cancellationToken);
            foreach (var schedule in schedules)
                logger.LogDebug("Timeout {TokenId} for saga {SagaId} scheduled at {DueAt} to {Topic}",
                    schedule.TokenId, schedule.Record.Key, schedule.DueAt, schedule.Record.Topic);
        }
    }

    /// <summary>Whether the timeout named by the token is still waiting to be delivered.</summary>
    public async Task<bool> IsPending(Guid tokenId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.GetJobDetail(TimeoutJobs.JobKeyOf(tokenId), cancellationToken) is not null;
    }
}
