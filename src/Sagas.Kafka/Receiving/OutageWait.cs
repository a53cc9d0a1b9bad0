using Sagas.Kafka.Outages;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// Holds the records of one lane while a dependency they need is down: each failed attempt is reported to the
/// <see cref="OutageMonitor"/> (which does the logging) and followed by a pause, doubling from
/// <see cref="KafkaOptions.RetryBackoff"/> up to <see cref="KafkaOptions.OutageProbeInterval"/>, so the next attempt is
/// the probe and the records run within about that interval of the dependency's return. Nothing here counts toward a
/// record's retries or its dead-lettering.
/// </summary>
internal sealed class OutageWait(OutageMonitor monitor, KafkaOptions options, ConsumerPause pause, int records, CancellationToken stopping)
{
    string? _dependency;
    int _attempts;

    /// <summary>
    /// Reports a failed attempt and waits before the next; false when the records must be given up instead (the endpoint
    /// stops or their partition is leaving: whoever reads it next runs them).
    /// </summary>
    public async Task<bool> Wait(TransientCause cause, Func<bool> leaving)
    {
        if (_dependency != cause.Dependency)
        {
            Release();
            _dependency = cause.Dependency;
            monitor.Waiting(cause.Dependency, records);
            pause.Begin();
        }

        monitor.Failed(cause.Dependency, cause.Exception.Message);
        _attempts++;
        if (stopping.IsCancellationRequested || leaving())
            return false;
        try
        {
            await Task.Delay(Delay(), stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !leaving();
    }

    /// <summary>An attempt got past the dependency (it succeeded, or failed for a reason of the message's own): it is back.</summary>
    public void Passed()
    {
        if (_dependency is { } dependency)
            monitor.Succeeded(dependency);
        Release();
    }

    /// <summary>The records are settled one way or another: they no longer wait.</summary>
    public void Release()
    {
        if (_dependency is not { } dependency)
            return;
        monitor.Waiting(dependency, -records);
        pause.End();
        _dependency = null;
    }

    TimeSpan Delay() =>
        TimeSpan.FromTicks(Math.Min(options.OutageProbeInterval.Ticks, Math.Max(1, options.RetryBackoff.Ticks) << Math.Min(_attempts - 1, 16)));
}
