using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Sagas.Outbox;

/// <summary>
/// Readiness of the outbox of <typeparamref name="TContext"/>: unhealthy while its relay has failed every round for
/// longer than <see cref="OutboxOptions.UnhealthyAfterFailingFor"/>, or the oldest undelivered row is older than
/// <see cref="OutboxOptions.MaxBacklogAge"/> (whoever's relay should have sent it), or the backlog cannot be read.
/// </summary>
internal sealed class OutboxHealthCheck<TContext>(
    IServiceProvider services,
    OutboxRelayStatus<TContext> status,
    IOptions<OutboxOptions> options,
    TimeProvider time)
    : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (status.FailingSince is { } since && now - since > options.Value.UnhealthyAfterFailingFor)
            return HealthCheckResult.Unhealthy($"The outbox relay has failed every round since {since:O}.");

        OutboxBacklog backlog;
        try
        {
            await using var scope = services.CreateAsyncScope();
            backlog = await OutboxBacklog.ReadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The outbox backlog cannot be read.", exception);
        }

        var data = new Dictionary<string, object> { ["pending"] = backlog.Pending, ["oldestAgeSeconds"] = backlog.OldestAge(now).TotalSeconds };
        return backlog.OldestAge(now) > options.Value.MaxBacklogAge
            ? HealthCheckResult.Unhealthy($"The oldest undelivered outbox row has waited {backlog.OldestAge(now)}.", data: data)
            : HealthCheckResult.Healthy($"{backlog.Pending} outbox rows pending.", data);
    }
}
