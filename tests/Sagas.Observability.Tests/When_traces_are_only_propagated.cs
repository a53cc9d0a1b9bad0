using System.Text.Json;

namespace Sagas.Observability.Tests;

/// <summary>
/// With nothing to export to, spans are not recorded, yet a transfer's log lines still share one trace id, from the
/// request through every hop over Kafka, so they can be found together.
/// </summary>
public sealed class When_traces_are_only_propagated : IAsyncLifetime
{
    readonly ObservedPlatform _platform = new(recordTraces: false);
    Guid _transferId;

    public async Task InitializeAsync()
    {
        await _platform.OpenAccount("ann", 100m);
        await _platform.OpenAccount("ben", 0m);
        _transferId = await _platform.StartTransfer("ann", "ben", 25m);
        Assert.Equal("Completed", await _platform.Outcome(_transferId));
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public void No_span_reaches_an_exporter() => Assert.Empty(_platform.FinishedSpans());

    [Fact]
    public void Every_line_of_the_saga_carries_the_same_trace_id()
    {
        var sagaLines = _platform.Logs.All.Where(line => Scope(line, "SagaId") == _transferId.ToString()).ToList();
        Assert.NotEmpty(sagaLines);
        var traces = sagaLines.Select(line => Scope(line, "TraceId")).Distinct().ToList();
        var trace = Assert.Single(traces);
        Assert.False(string.IsNullOrEmpty(trace));
    }

    static string? Scope(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty(name, out _))
                .Select(scope => scope.GetProperty(name).ToString()).FirstOrDefault()
            : null;
}
