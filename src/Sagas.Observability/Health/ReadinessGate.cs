using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Sagas.Observability.Health;

/// <summary>
/// Opens the first time every readiness check of the host passes, and stays open: start-up is what it guards. A
/// later rebalance or backlog shows in the health JSON as degraded but does not take a host that was ready out of service.
/// </summary>
public sealed class ReadinessGate(ILogger<ReadinessGate> logger)
{
    readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    TimeSpan _readyAfter;

    public bool IsOpen => _opened.Task.IsCompleted;

    /// <summary>Completes when the gate opens.</summary>
    public Task Opened => _opened.Task;

    /// <summary>How long after its process started the host first became ready; null until then.</summary>
    public TimeSpan? ReadyAfter => IsOpen ? _readyAfter : null;

    /// <summary>
    /// Opens the gate when no readiness check failed. Whoever runs the checks reports here (the polling service and
    /// <c>/health/ready</c>), so a client told "ready" is never refused for not being ready.
    /// </summary>
    internal void Observe(HealthReport readiness)
    {
        if (IsOpen || readiness.Status == HealthStatus.Unhealthy)
            return;

        using (var process = Process.GetCurrentProcess())
            _readyAfter = DateTime.Now - process.StartTime;
        if (_opened.TrySetResult())
            logger.LogInformation("Ready {Seconds:F1} s after the process started", _readyAfter.TotalSeconds);
    }
}
