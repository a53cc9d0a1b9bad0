using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Sagas.Observability.Tests;

/// <summary>The JSON lines the host's console would print, parsed.</summary>
public sealed class JsonLogLines
{
    readonly ConcurrentQueue<JsonDocument> _lines = new();

    public IReadOnlyList<JsonElement> All => [.. _lines.Select(line => line.RootElement)];

    public void Add(string line) => _lines.Enqueue(JsonDocument.Parse(line));
}

/// <summary>
/// A logger provider that formats with the host's own "json" console formatter and the logger factory's scopes
/// (activity tracking included), so the lines are exactly what the console would show, without capturing stdout.
/// </summary>
public sealed class JsonLogTap(IServiceProvider services, JsonLogLines lines) : ILoggerProvider, ISupportExternalScope
{
    readonly Lazy<ConsoleFormatter> _formatter = new(() => services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json));
    IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new Tap(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    sealed class Tap(JsonLogTap provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;

            using var writer = new StringWriter();
            provider._formatter.Value.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, writer);
            foreach (var line in writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
                provider.Lines(line);
        }
    }

    void Lines(string line) => lines.Add(line);
}
