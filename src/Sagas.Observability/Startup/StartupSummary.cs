using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Observability.Startup;

/// <summary>
/// Says in one block, once the server listens, where everything is: the API, health and metrics, and what the host's
/// composition added (OpenAPI, data, broker, database, routes). It takes the place of the framework's own
/// "Now listening on" lines, which the Warning level of Microsoft.* hides.
/// </summary>
internal sealed class StartupSummary(
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    IEnumerable<StartupSummaryLine> lines,
    IServiceProvider services,
    StartupSummaryHost host,
    ILogger<StartupSummary> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Log);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void Log()
    {
        var addresses = Addresses();
        var first = addresses.Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null).FirstOrDefault(uri => uri is not null)
            ?? new Uri("http://localhost:5000");
        var summary = new StringBuilder($"{host.Name} is listening; stop it with Ctrl+C or SIGTERM");
        Append(summary, "API", string.Join(", ", addresses));
        foreach (var line in lines)
        {
            if (line.Describe(services, first) is { } value)
                Append(summary, line.Label, value);
        }
        logger.LogInformation("{Summary}", summary.ToString());
    }

    /// <summary>
    /// The addresses the server bound (ports chosen by the system included); configured ones where it reports none, or
    /// where the host has no server (a generic host composed by a test).
    /// </summary>
    IReadOnlyList<string> Addresses()
    {
        var bound = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (bound is { Count: > 0 })
            return [.. bound];
        return [.. (configuration["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries)];
    }

    static void Append(StringBuilder summary, string label, string value) =>
        summary.Append(Environment.NewLine).Append($"  {label,-12} {value}");
}

/// <summary>The name the summary gives the host.</summary>
internal sealed record StartupSummaryHost(string Name);
