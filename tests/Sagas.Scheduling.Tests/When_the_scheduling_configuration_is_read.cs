using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl.AdoJobStore;
using Quartz.Impl.AdoJobStore.Common;
using Sagas.Scheduling.Jobs;
using Sagas.Scheduling.Tests.Sagas;

namespace Sagas.Scheduling.Tests;

/// <summary>The store and the sweep's timing come from configuration, and what Quartz could not honour is refused at registration.</summary>
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
            ["Scheduling:SweepInterval"] = "00:00:00",
            ["Scheduling:IdleWaitTime"] = "00:00:00.500",
            ["Scheduling:TablePrefix"] = "qrtz-",
        }));

        Assert.Equal(["Scheduling:TablePrefix", "Scheduling:SweepInterval", "Scheduling:IdleWaitTime"], refusal.Failures.Select(failure => failure.Split(' ')[0]));
    }

    [Fact]
    public async Task One_sweep_job_repeats_every_sweep_interval_never_two_at_once()
    {
        await using var provider = Services(new() { ["Scheduling:Store"] = "InMemory", ["Scheduling:SweepInterval"] = "00:00:00.250" }).BuildServiceProvider();

        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var key = OutboxSweepJob<WaitingDbContext>.Key;
        Assert.True((await scheduler.GetJobDetail(key))!.ConcurrentExecutionDisallowed);
        var trigger = Assert.IsType<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(key)), exactMatch: false);
        Assert.Equal((TimeSpan.FromMilliseconds(250), -1), (trigger.RepeatInterval, trigger.RepeatCount));
        await scheduler.Shutdown();
    }

    static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOutboxScheduling<WaitingDbContext>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
