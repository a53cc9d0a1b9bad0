using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz.Impl.AdoJobStore;
using Sagas.Scheduling.Tests.Sagas;

namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>The services <c>AddOutboxScheduling</c> registers, built but not started: enough to apply or check the timeout store's schema.</summary>
public static class TimeoutStoreSchemaHost
{
    public static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOutboxScheduling<WaitingDbContext>(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The tables Quartz 4.7's start-up validation probes, read from Quartz itself (an internal list), so a Quartz
    /// upgrade that needs another table fails here rather than at a deployment's first start.
    /// </summary>
    public static IReadOnlyList<string> TablesQuartzRequires() => QuartzConstant<string[]>("AllTableNames");

    /// <summary>The columns Quartz 4.x added to older tables, which its validation probes as well: (table, column).</summary>
    public static IReadOnlyList<(string Table, string Column)> ColumnsQuartzRequires() =>
        [.. QuartzConstant<(string Table, string Column, string Migration)[]>("MigratedColumnNames").Select(c => (c.Table, c.Column))];

    static T QuartzConstant<T>(string name) =>
        (T)typeof(StdAdoDelegate).Assembly.GetType("Quartz.Impl.AdoJobStore.AdoConstants")!
            .GetField(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(null)!;
}
