using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sagas.Testing;

/// <summary>Debug logs of test hosts, written only when a failing run needs diagnosing.</summary>
public static class TestLogging
{
    /// <summary>The variable naming the file every test host appends its log lines to; unset, nothing is written.</summary>
    public const string FileVariable = "SAGAS_TEST_LOG";

    public static IServiceCollection AddTestLogging(this IServiceCollection services) =>
        services.AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable(FileVariable) is { } path)
                logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new FileLoggerProvider(path));
        });

    sealed class FileLoggerProvider(string path) : ILoggerProvider
    {
        static readonly Lock Gate = new();

        public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

        public void Dispose()
        {
        }

        sealed class FileLogger(string path, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter)
            {
                var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}" +
                    $"{(exception is null ? "" : " | " + exception)}{Environment.NewLine}";
                lock (Gate)
                    File.AppendAllText(path, line);
            }
        }
    }
}
