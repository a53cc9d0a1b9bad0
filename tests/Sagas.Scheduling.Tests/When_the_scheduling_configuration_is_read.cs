using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl.AdoJobStore;
using Quartz.Impl.AdoJobStore.Common;

namespace Sagas.Scheduling.Tests;

/// <summary>The store comes from configuration, and what Quartz could not honour is refused at registration.</summary>
public sealed class When_the_scheduling_configuration_is_read
{
    // No SQL Server runs here, and Quartz connects as soon as the scheduler is built: so this checks what would be built.
    [Fact]
    public void Sql_server_gets_a_clustered_persistent_store_that_only_validates_its_schema()
    {
        const string connectionString = "Server=sql.example;Database=orchestrator;User Id=sa;Password=unused;TrustServerCertificate=true";
        using var provider = Services(new()
        {
            ["Scheduling:Store"] = "Persistent",
            ["Persistence:Provider"] = "SqlServer",
            ["ConnectionStrings:orchestrator"] = connectionString,
        }).BuildServiceProvider();

        Assert.IsType<SqlServerDelegate>(provider.GetRequiredService<IDriverDelegate>());
        Assert.Equal(connectionString, provider.GetRequiredService<IDbProvider>().ConnectionString);
        Assert.True(provider.GetRequiredService<IOptionsMonitor<ClusteringOptions>>().Get(Options.DefaultName).Enabled);
        var store = provider.GetRequiredService<IOptionsMonitor<AdoJobStoreOptions>>().Get(Options.DefaultName);
        Assert.Equal(SchemaProvisioning.Validate, store.SchemaProvisioning);
        Assert.True(store.StoreJobDataAsStrings);
    }

    [Fact]
    public void A_server_database_without_a_connection_string_is_refused()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => Services(new() { ["Scheduling:Store"] = "Persistent", ["Persistence:Provider"] = "PostgreSql" }));
        Assert.Contains("ConnectionStrings:orchestrator", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_quartz_cannot_honour_are_refused_with_every_reason()
    {
        var refusal = Assert.Throws<OptionsValidationException>(() => Services(new()
        {
            ["Scheduling:Store"] = "InMemory",
            ["Scheduling:DeliveryAttempts"] = "0",
            ["Scheduling:RetryBackoff"] = "00:00:10",
            ["Scheduling:RetryMaxBackoff"] = "00:00:01",
        }));

        Assert.Contains(refusal.Failures, failure => failure.Contains("DeliveryAttempts", StringComparison.Ordinal));
        Assert.Contains(refusal.Failures, failure => failure.Contains("RetryMaxBackoff", StringComparison.Ordinal));
    }

    static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKafkaScheduling(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
