using Sagas.Kafka.Outages;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// What one part of delivery (the publisher, the settlement, the sweep) tells the <see cref="OutageMonitor"/>: a failure
/// that says a dependency is down is reported there, which logs it once and summarises it, instead of a warning per
/// retry; the part's next success tells the monitor that dependency is back.
/// </summary>
internal sealed class DependencyWatch(OutageMonitor monitor)
{
    readonly Lock _gate = new();
    string? _down;

    /// <summary>True when <paramref name="exception"/> is an outage (reported); false when it is a failure worth its own log line.</summary>
    public bool Failed(Exception exception)
    {
        if (TransientFailure.Find(exception) is not { } cause)
            return false;
        lock (_gate)
            _down = cause.Dependency;
        monitor.Failed(cause.Dependency, cause.Exception.Message);
        return true;
    }

    public void Succeeded()
    {
        string? down;
        lock (_gate)
            (down, _down) = (_down, null);
        if (down is not null)
            monitor.Succeeded(down);
    }
}
