using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Sagas.Observability.Health;

namespace Sagas.Testing;

/// <summary>Waits for a host's readiness before a test uses it, as a client waits for <c>/health/ready</c>.</summary>
public static class Readiness
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Blocks (bounded) until the host's <see cref="ReadinessGate"/> opens: <c>WebApplicationFactory</c> builds its host
    /// synchronously, and the gate opens exactly when <c>/health/ready</c> first answers 200. A timeout names what was not ready.
    /// </summary>
    public static IHost WaitUntilReady(IHost host)
    {
        if (host.Services.GetRequiredService<ReadinessGate>().Opened.Wait(Timeout))
            return host;

        var report = host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(HealthEndpoints.IsReadinessCheck).GetAwaiter().GetResult();
        var notReady = report.Entries.Where(entry => entry.Value.Status == HealthStatus.Unhealthy).Select(entry => $"{entry.Key}: {entry.Value.Description}");
        throw new TimeoutException($"The host was not ready within {Timeout}; not ready: {string.Join("; ", notReady)}");
    }
}
