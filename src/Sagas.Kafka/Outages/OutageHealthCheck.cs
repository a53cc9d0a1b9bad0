using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sagas.Kafka.Outages;

/// <summary>
/// Not ready while a dependency is down (see <see cref="OutageMonitor"/>): the answer names each one and since when, and
/// turns healthy as soon as work that needed it succeeds again. Registered as <c>outages</c> with the tag <c>ready</c>.
/// </summary>
public sealed class OutageHealthCheck(OutageMonitor monitor) : IHealthCheck
{
    public const string Name = "outages";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var outages = monitor.Current;
        if (outages.Count == 0)
            return Task.FromResult(HealthCheckResult.Healthy("No dependency is down."));

        var data = outages.ToDictionary(outage => outage.Dependency, outage => (object)outage.Since.ToString("O", CultureInfo.InvariantCulture));
        var description = string.Join("; ", outages.Select(outage =>
            $"{outage.Dependency} down since {outage.Since.ToString("O", CultureInfo.InvariantCulture)} ({outage.Reason})"));
        return Task.FromResult(HealthCheckResult.Unhealthy(description, data: data));
    }
}
