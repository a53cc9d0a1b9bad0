using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sagas.Persistence;

namespace Sagas.Outbox;

/// <summary>
/// Readiness of the outbox of <typeparamref name="TContext"/>: unhealthy while delivery has kept failing against the
/// database for longer than <see cref="OutboxOptions.UnhealthyAfterFailingFor"/>, while a record has waited to be
/// produced, or a scheduled one stayed overdue, for longer than <see cref="OutboxOptions.MaxBacklogAge"/>, or when the
/// backlog cannot be read.
/// </summary>
internal sealed class OutboxHealthCheck<TContext>(
    IServiceProvider services,
    OutboxDeliveryStatus<TContext> status,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider time)
    : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Until this process has found the schema current there may be no outbox table, and reading it would log a failed
        // command at every poll of a starting host.
        if (services.GetService<SchemaStatus<TContext>>() is { IsCurrent: false })
            return HealthCheckResult.Unhealthy("The database schema is not applied yet; the backlog is read once it is.");

        var now = time.GetUtcNow();
        if (status.FailingSince is { } since && now - since > options.Value.UnhealthyAfterFailingFor)
            return HealthCheckResult.Unhealthy($"Outbox delivery has failed against the database since {since:O}.");

        OutboxBacklog backlog;
        try
        {
            await using var scope = services.CreateAsyncScope();
            backlog = await OutboxBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), now, cancellationToken);
            metrics.Observed(typeof(TContext).Name, backlog);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The outbox backlog cannot be read.", exception);
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = backlog.Pending,
            ["oldestAgeSeconds"] = backlog.OldestAge(now).TotalSeconds,
            ["overdueTimeouts"] = backlog.Overdue,
            ["mostOverdueSeconds"] = backlog.MostOverdue(now).TotalSeconds,
        };
        if (backlog.OldestAge(now) > options.Value.MaxBacklogAge)
            return HealthCheckResult.Unhealthy($"The oldest unproduced outbox record has waited {backlog.OldestAge(now)}.", data: data);
        if (backlog.MostOverdue(now) > options.Value.MaxBacklogAge)
            return HealthCheckResult.Unhealthy($"A scheduled outbox record is overdue by {backlog.MostOverdue(now)}.", data: data);
        return HealthCheckResult.Healthy($"{backlog.Pending} outbox records pending, {backlog.Overdue} scheduled ones due.", data);
    }
}
