using Microsoft.Extensions.Logging;

namespace Sagas.Kafka.Outages;

/// <summary>
/// The host's logger factory, except that MassTransit's own lines about a message that failed because a dependency is
/// down (R-FAULT, R-RETRY, with a stack trace each, once per attempt of every held record) are left out: the
/// <see cref="OutageMonitor"/> reports the outage once and summarises it. Every other line, MassTransit's included, passes.
/// </summary>
internal sealed class OutageQuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    const string MassTransitCategory = "MassTransit";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(MassTransitCategory, StringComparison.Ordinal) ? new QuietLogger(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    sealed class QuietLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && TransientFailure.IsTransient(exception))
                return;
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
