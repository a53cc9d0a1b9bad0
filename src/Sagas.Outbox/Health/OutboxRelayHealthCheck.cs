using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sagas.Outbox;

/// <summary>
/// Ready while this process's outbox relay of <typeparamref name="TContext"/> runs: before it starts, what a request
/// commits would wait for a sweep instead of being produced at once.
/// </summary>
internal sealed class OutboxRelayHealthCheck<TContext>(OutboxDeliveryStatus<TContext> status) : IHealthCheck
    where TContext : DbContext
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.IsRunning
            ? HealthCheckResult.Healthy($"The outbox relay of {typeof(TContext).Name} runs")
            : HealthCheckResult.Unhealthy($"The outbox relay of {typeof(TContext).Name} is not running"));
}
