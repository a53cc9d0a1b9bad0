using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Observability.Health;

/// <summary>
/// Runs the readiness checks every <see cref="ReadinessOptions.PollInterval"/> from the host's start until they all
/// pass, then opens the <see cref="ReadinessGate"/> and stops polling. It runs whether or not anyone asks
/// <c>/health/ready</c>, so the API's start-up refusal ends on its own.
/// </summary>
internal sealed class ReadinessGateService(
    HealthCheckService health,
    ReadinessGate gate,
    IOptions<ReadinessOptions> options,
    ILogger<ReadinessGateService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? lastWaitingFor = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var report = await health.CheckHealthAsync(HealthEndpoints.IsReadinessCheck, stoppingToken);
            gate.Observe(report);
            if (gate.IsOpen)
                return;

            var waitingFor = string.Join("; ", report.Entries.Where(entry => entry.Value.Status == HealthStatus.Unhealthy)
                .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message}"));
            if (waitingFor != lastWaitingFor)
                logger.LogInformation("Not ready yet, waiting for {Checks}", waitingFor);
            lastWaitingFor = waitingFor;
            await Task.Delay(options.Value.PollInterval, stoppingToken);
        }
    }
}
