using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Sagas.Observability;

/// <summary>
/// The libraries a host is built on log at Warning, so a normal start shows our own lines (<c>Sagas.*</c>, at Information)
/// and not twenty of Quartz's. The levels are configuration defaults beneath every other source: any
/// <c>Logging:LogLevel:&lt;category&gt;</c> from appsettings, the environment or the command line overrides them.
/// </summary>
internal static class InfrastructureLogLevels
{
    static readonly string[] Categories = ["Microsoft", "System.Net.Http", "MassTransit", "Quartz", "Yarp", "Confluent"];

    public static void Configure(IHostApplicationBuilder builder) =>
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = Categories.Select(category => KeyValuePair.Create($"Logging:LogLevel:{category}", (string?)"Warning")),
        });
}
