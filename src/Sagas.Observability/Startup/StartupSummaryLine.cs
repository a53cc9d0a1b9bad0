using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Observability.Startup;

/// <summary>
/// One line of the start-up summary that only the host's composition knows (OpenAPI, data directory, broker, routes):
/// a label and its value, worked out once the server listens at <c>address</c> (the first one it bound); a null value
/// leaves the line out.
/// </summary>
public sealed record StartupSummaryLine(string Label, Func<IServiceProvider, Uri, string?> Describe);

public static class StartupSummaryExtensions
{
    /// <summary>Adds a line to the summary the host logs once it listens; lines keep the order they were added in.</summary>
    public static IServiceCollection AddStartupSummaryLine(this IServiceCollection services, string label,
        Func<IServiceProvider, Uri, string?> describe) =>
        services.AddSingleton(new StartupSummaryLine(label, describe));
}
