using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sagas.Observability.Health;

namespace Sagas.Observability.Tests;

/// <summary>
/// <c>/health/ready</c> and <c>/health/live</c> over the real health check pipeline, with two checks whose answer the test
/// sets: one that only guards start-up (as the consumer groups check does) and one that always counts (as the database's).
/// </summary>
public sealed class When_a_host_reports_readiness : IAsyncLifetime
{
    readonly SettableCheck _groups = new();
    readonly SettableCheck _database = new() { Healthy = true };
    WebApplication _app = null!;
    HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSagasReadiness();
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("groups", _groups, null, [HealthEndpoints.ReadyTag, HealthEndpoints.StartupOnlyTag]))
            .Add(new HealthCheckRegistration("database", _database, null, [HealthEndpoints.ReadyTag]));
        _app = builder.Build();
        _app.MapSagasHealth();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Ready_answers_503_naming_what_is_missing_until_every_check_passes()
    {
        var (ready, readyJson) = await Get("/health/ready");
        var (live, liveJson) = await Get("/health/live");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (ready, live));
        foreach (var json in new[] { readyJson, liveJson })
        {
            Assert.False(json.GetProperty("ready").GetBoolean());
            Assert.Equal(new[] { "groups" }, NotReady(json));
            Assert.Equal("Unhealthy", json.GetProperty("checks").GetProperty("groups").GetProperty("status").GetString());
        }

        _groups.Healthy = true;
        var (readyNow, json2) = await Get("/health/ready");

        Assert.Equal(HttpStatusCode.OK, readyNow);
        Assert.True(json2.GetProperty("ready").GetBoolean());
        Assert.True(json2.GetProperty("readyAfterSeconds").GetDouble() > 0);
        Assert.True(_app.Services.GetRequiredService<ReadinessGate>().IsOpen);
    }

    [Fact]
    public async Task Once_ready_a_startup_check_that_fails_only_degrades_the_host()
    {
        _groups.Healthy = true;
        await _app.Services.GetRequiredService<ReadinessGate>().Opened.WaitAsync(TimeSpan.FromSeconds(20));

        _groups.Healthy = false;
        var (rebalancing, json) = await Get("/health/ready");
        Assert.Equal(HttpStatusCode.OK, rebalancing);
        Assert.Equal("Degraded", json.GetProperty("status").GetString());
        Assert.Equal(new[] { "groups" }, NotReady(json));

        _database.Healthy = false;
        var (down, _) = await Get("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
    }

    async Task<(HttpStatusCode Status, JsonElement Json)> Get(string path)
    {
        using var response = await _client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    static string?[] NotReady(JsonElement json) => [.. json.GetProperty("notReady").EnumerateArray().Select(name => name.GetString())];

    sealed class SettableCheck : IHealthCheck
    {
        volatile bool _healthy;

        public bool Healthy
        {
            get => _healthy;
            set => _healthy = value;
        }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(Healthy ? HealthCheckResult.Healthy("set healthy") : HealthCheckResult.Unhealthy("set unhealthy"));
    }
}
