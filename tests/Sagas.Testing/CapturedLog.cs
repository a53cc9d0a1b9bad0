using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sagas.Testing;

/// <summary>Every line the host logs at Information or above, with its category, level and whether it carried an exception.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    readonly ConcurrentQueue<Line> _lines = new();

    public IReadOnlyList<Line> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Line(DateTimeOffset At, string Category, LogLevel Level, string Text, bool HasException);

    sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                log._lines.Enqueue(new Line(DateTimeOffset.UtcNow, category, logLevel, formatter(state, exception), exception is not null));
        }
    }
}
