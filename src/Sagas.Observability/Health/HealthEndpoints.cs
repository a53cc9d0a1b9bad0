using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sagas.Observability.Health;

/// <summary>
/// <c>/health/ready</c> and <c>/health/live</c>, both answering the same JSON: the overall status, whether the host has
/// been ready, and every readiness check with what it found, so whoever waits can see what is still missing.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Tag of the checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Tag of the checks that only guard start-up (consumer groups assigned, outbox backlog): once the host was ready,
    /// their failure shows as degraded, and the host stays in service.
    /// </summary>
    public const string StartupOnlyTag = "startup";

    public const string ReadyPath = "/health/ready";
    public const string LivePath = "/health/live";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsReadinessCheck(HealthCheckRegistration registration) => registration.Tags.Contains(ReadyTag);

    /// <summary>Ready answers 503 while any readiness check fails; live answers 200 as long as the process does.</summary>
    public static IEndpointRouteBuilder MapSagasHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet(ReadyPath, (HttpContext http, CancellationToken cancellationToken) => Answer(http, live: false, cancellationToken)).ExcludeFromDescription();
        app.MapGet(LivePath, (HttpContext http, CancellationToken cancellationToken) => Answer(http, live: true, cancellationToken)).ExcludeFromDescription();
        return app;
    }

    static async Task Answer(HttpContext http, bool live, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var gate = services.GetRequiredService<ReadinessGate>();
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(IsReadinessCheck, cancellationToken);
        gate.Observe(report);

        var checks = report.Entries.ToDictionary(entry => entry.Key, entry => new CheckAnswer(
            Effective(entry.Value, gate.IsOpen).ToString(), entry.Value.Description ?? entry.Value.Exception?.Message,
            entry.Value.Data.Count == 0 ? null : entry.Value.Data));
        var status = report.Entries.Count == 0 ? HealthStatus.Healthy : report.Entries.Values.Min(entry => Effective(entry, gate.IsOpen));
        var answer = new HealthAnswer(status.ToString(), gate.IsOpen, gate.ReadyAfter?.TotalSeconds,
            [.. checks.Where(check => check.Value.Status != nameof(HealthStatus.Healthy)).Select(check => check.Key)], checks);

        http.Response.StatusCode = !live && status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsJsonAsync(answer, Json, cancellationToken);
    }

    static HealthStatus Effective(HealthReportEntry entry, bool wasReady) =>
        wasReady && entry.Status == HealthStatus.Unhealthy && entry.Tags.Contains(StartupOnlyTag) ? HealthStatus.Degraded : entry.Status;

    /// <param name="NotReady">The checks that are not healthy now.</param>
    sealed record HealthAnswer(string Status, bool Ready, double? ReadyAfterSeconds, IReadOnlyList<string> NotReady,
        IReadOnlyDictionary<string, CheckAnswer> Checks);

    sealed record CheckAnswer(string Status, string? Description, IReadOnlyDictionary<string, object>? Data);
}
