using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Sagas.Orchestrator.Observability;
using Sagas.Testing;

namespace Sagas.Observability.Tests;

/// <summary>
/// The standalone platform in-process (embedded broker, SQLite files, every worker) with its telemetry as it is
/// configured for production, JSON console logs chosen in configuration, and two taps: finished spans go to an
/// in-memory exporter, and log lines are written by the host's own JSON console formatter into a list.
/// </summary>
public sealed class ObservedPlatform(bool recordTraces = true) : WebApplicationFactory<Program>
{
    readonly TemporaryDirectory _data = new();

    public List<Activity> Spans { get; } = [];

    public JsonLogLines Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Persistence:DataDirectory", _data.Path);
        builder.UseSetting("Transfers:StepTimeout", "00:00:10");
        builder.UseSetting("Logging:Console:FormatterName", "json");
        builder.UseSetting("Observability:RecordTraces", recordTraces ? "true" : "false");
        builder.ConfigureServices(services =>
        {
            // Until AddOrchestrator registers it itself (asked for in the report); registering twice is harmless.
            services.AddSagaInstrumentation();
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            services.AddSingleton<ILoggerProvider>(provider => new JsonLogTap(provider, Logs));
        });
    }

    /// <summary>Hands the host to the tests once it is ready, as a client waits for <c>/health/ready</c> before it starts work.</summary>
    protected override IHost CreateHost(IHostBuilder builder) => Readiness.WaitUntilReady(base.CreateHost(builder));

    public async Task OpenAccount(string id, decimal balance)
    {
        var response = await CreateClient().PostAsJsonAsync("/api/accounts", new { accountId = id, currency = "USD", openingBalance = balance });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Starts a transfer and returns its id.</summary>
    public async Task<Guid> StartTransfer(string from, string to, decimal amount)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/transfers")
        {
            Content = JsonContent.Create(new { fromAccountId = from, toAccountId = to, amount, currency = "USD" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var response = await CreateClient().SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferId").GetGuid();
    }

    /// <summary>Waits (bounded) until the transfer reached a terminal state and returns that state.</summary>
    public Task<string> Outcome(Guid transferId) =>
        Eventually.Value(async () => (await CreateClient().GetFromJsonAsync<JsonElement>($"/api/transfers/{transferId}")).GetProperty("state").GetString()!,
            state => state is "Completed" or "Rejected" or "Failed" or "Compensated", $"transfer {transferId} ended");

    /// <summary>The finished spans so far; the exporter appends from other threads.</summary>
    public IReadOnlyList<Activity> FinishedSpans()
    {
        lock (Spans)
            return [.. Spans];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }
}
