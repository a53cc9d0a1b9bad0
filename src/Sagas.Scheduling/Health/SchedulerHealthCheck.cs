using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Sagas.Scheduling.Health;

/// <summary>
/// Ready while this process's Quartz scheduler runs: without it no timeout fires here and nothing left in the outbox
/// is swept. Registered as <c>scheduler</c> with the tag <c>ready</c>.
/// </summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "scheduler";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Asking the factory builds the scheduler if Quartz's hosted service has not yet; racing that service to build it
        // leaves it shut down. Once the host has started, the hosted service has built and started it.
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
            return HealthCheckResult.Unhealthy("The host is still starting its scheduler");

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"The scheduler {scheduler.SchedulerName} runs")
            : HealthCheckResult.Unhealthy($"The scheduler {scheduler.SchedulerName} is {scheduler.Status}, not running");
    }
}
