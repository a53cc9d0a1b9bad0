using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Sagas.Scheduling.Health;

/// <summary>
/// Ready while this process's Quartz scheduler runs: without it no timeout fires here and nothing left in the outbox
/// is swept. Registered as <c>scheduler</c> with the tag <c>ready</c>.
/// </summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public const string Name = "scheduler";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running)
            return HealthCheckResult.Unhealthy($"The scheduler {scheduler.SchedulerName} is {scheduler.Status}, not running");
        return HealthCheckResult.Healthy($"The scheduler {scheduler.SchedulerName} runs");
    }
}
