using Microsoft.Extensions.Logging;

namespace Sagas.Kafka.Outages;

/// <summary>
/// The host's logger factory, quiet about an outage the <see cref="OutageMonitor"/> already reports (once down, a summary
/// while it lasts, once back): warnings and errors whose exception says a dependency is down are left out, whoever logs
/// them (MassTransit's R-FAULT and R-RETRY, EF Core, Quartz, the exception handler, a worker), since each is one more
/// stack trace per attempt; and while an outage is open, so are the libraries' own per-call failure lines that carry no
/// exception (EF Core's failed commands, every unhealthy health check). Every other line passes.
/// </summary>
internal sealed class OutageQuietLoggerFactory(ILoggerFactory inner, Func<OutageMonitor> monitor) : ILoggerFactory
{
    /// <summary>Libraries that log each failed call of an outage on their own, without an exception to recognise it by.</summary>
    static readonly string[] PerCallCategories =
        ["Microsoft.EntityFrameworkCore", "Microsoft.Extensions.Diagnostics.HealthChecks", "Quartz", "MassTransit", "Npgsql"];

    OutageMonitor? _monitor;

    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(OutageMonitor).FullName
            ? inner.CreateLogger(categoryName)
            : new QuietLogger(inner.CreateLogger(categoryName), PerCallCategories.Any(prefix => categoryName.StartsWith(prefix, StringComparison.Ordinal)), OutageOpen);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    /// <summary>
    /// Whether the monitor knows of an outage. It is looked up on the first line that asks, and kept; a host that failed
    /// to start disposes its services and then still logs its stop, when there is no monitor to ask, and no outage either.
    /// </summary>
    bool OutageOpen()
    {
        try
        {
            _monitor ??= monitor();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return _monitor.Current.Count > 0;
    }

    sealed class QuietLogger(ILogger inner, bool logsPerCall, Func<bool> outageOpen) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && IsAboutAnOutage(exception))
                return;
            inner.Log(logLevel, eventId, state, exception, formatter);
        }

        bool IsAboutAnOutage(Exception? exception)
        {
            if (exception is not null && TransientFailure.IsTransient(exception))
                return true;
            return logsPerCall && exception is null or OperationCanceledException && outageOpen();
        }
    }
}
