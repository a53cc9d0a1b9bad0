using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Connection;
using Sagas.Observability.Startup;
using Sagas.Persistence;

namespace Sagas.Hosting;

/// <summary>The start-up summary's lines about what a service host composed: its OpenAPI document, its database, its broker.</summary>
internal static class HostSummaryLines
{
    /// <summary>Where MapOpenApi serves the document by default.</summary>
    const string OpenApiPath = "/openapi/v1.json";

    static readonly string[] ServerKeys = ["Host", "Server", "Data Source"];

    public static IServiceCollection AddHostSummaryLines(this IServiceCollection services, bool keepsData)
    {
        services.AddStartupSummaryLine("OpenAPI", (_, address) => new Uri(address, OpenApiPath).ToString());
        if (keepsData)
        {
            services.AddStartupSummaryLine("database", (provider, _) => Database(Persistence(provider)));
            services.AddStartupSummaryLine("data", (provider, _) => Persistence(provider) is { Provider: DatabaseProvider.Sqlite } sqlite
                ? Path.GetFullPath(sqlite.DataDirectory)
                : null);
        }
        services.AddStartupSummaryLine("broker", (provider, _) => Broker(provider.GetRequiredService<IKafkaClusterInfo>()));
        return services;
    }

    static PersistenceOptions Persistence(IServiceProvider provider) => provider.GetRequiredService<IOptions<PersistenceOptions>>().Value;

    static string Broker(IKafkaClusterInfo cluster) =>
        cluster.IsEmbedded ? $"{cluster.BootstrapServers} (embedded, lives as long as this process)" : $"{cluster.BootstrapServers} (Kafka:BootstrapServers)";

    /// <summary>The provider, and the server it talks to; never the whole connection string, which may hold a password.</summary>
    static string Database(PersistenceOptions options)
    {
        if (options.Provider == DatabaseProvider.Sqlite || string.IsNullOrWhiteSpace(options.ConnectionString))
            return options.Provider.ToString();
        var connection = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        var server = ServerKeys.Select(key => connection.TryGetValue(key, out var value) ? value?.ToString() : null).FirstOrDefault(value => value is not null);
        return server is null ? options.Provider.ToString() : $"{options.Provider} at {server}";
    }
}
