using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Sagas.Observability.Tests;

/// <summary>A span per database command is recorded while traces are exported, or when asked for; otherwise not.</summary>
public sealed class When_database_commands_are_traced
{
    [Fact]
    public async Task No_command_span_is_recorded_when_nothing_exports_traces() =>
        Assert.Empty(await CommandSpans([]));

    [Fact]
    public async Task A_command_span_is_recorded_when_traces_are_exported_over_otlp() =>
        Assert.NotEmpty(await CommandSpans(new() { ["Observability:OtlpEndpoint"] = "http://127.0.0.1:9" }));

    [Fact]
    public async Task A_command_span_is_recorded_when_asked_for() =>
        Assert.NotEmpty(await CommandSpans(new() { ["Observability:DatabaseSpans"] = "true" }));

    [Fact]
    public async Task No_command_span_is_recorded_when_turned_off_while_exporting() =>
        Assert.Empty(await CommandSpans(new() { ["Observability:OtlpEndpoint"] = "http://127.0.0.1:9", ["Observability:DatabaseSpans"] = "false" }));

    /// <summary>Runs one query inside a span of the test's own, and returns the finished spans that are its children.</summary>
    static async Task<List<Activity>> CommandSpans(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSagasObservability("database-span-test");
        var spans = new List<Activity>();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(Probe.Name).AddInMemoryExporter(spans));
        builder.Services.AddDbContext<ProbeContext>(options => options.UseSqlite("Data Source=:memory:"));

        using var host = builder.Build();
        await host.StartAsync();
        ActivityTraceId trace;
        using (var parent = Probe.StartActivity("probe"))
        {
            Assert.NotNull(parent);
            trace = parent.TraceId;
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProbeContext>().Database.ExecuteSqlRawAsync("SELECT 1");
        }
        await host.StopAsync();
        lock (spans)
            return [.. spans.Where(span => span.TraceId == trace && span.Source != Probe)];
    }

    static readonly ActivitySource Probe = new("Sagas.Observability.Tests.DatabaseSpans");

    sealed class ProbeContext(DbContextOptions<ProbeContext> options) : DbContext(options);
}
