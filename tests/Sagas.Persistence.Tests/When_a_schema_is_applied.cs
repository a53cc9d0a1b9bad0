using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas.Persistence.Schema;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

public sealed class When_a_schema_is_applied
{
    [Fact]
    public Task Applying_it_again_changes_nothing_on_sqlite() => AppliesOnce(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Applying_it_again_changes_nothing_on_postgres() => AppliesOnce(TestDatabase.Postgres());

    [Fact]
    public Task Upgrade_steps_run_once_on_sqlite() => Upgrades(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Upgrade_steps_run_once_on_postgres() => Upgrades(TestDatabase.Postgres());

    [Fact]
    public Task A_new_database_starts_at_the_latest_version_without_running_steps_on_sqlite() => CreatesLatest(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_new_database_starts_at_the_latest_version_without_running_steps_on_postgres() => CreatesLatest(TestDatabase.Postgres());

    [Fact]
    public Task Two_processes_applying_at_once_apply_it_once_on_sqlite() => AppliesOnceConcurrently(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Two_processes_applying_at_once_apply_it_once_on_postgres() => AppliesOnceConcurrently(TestDatabase.Postgres());

    [PostgresFact]
    public async Task Two_services_in_one_postgres_database_each_get_their_tables_in_their_schema()
    {
        await using var database = TestDatabase.Postgres();
        var first = database.NewService();
        var second = database.NewService();
        await using var firstHost = Catalog<CatalogV1Context>(database, first);
        await using var secondHost = Catalog<CatalogV2Context>(database, second);

        await SchemaMigrator.ApplyAsync(firstHost);
        // EnsureCreated would stop here: the database already has tables, just not this service's.
        Assert.Equal([new SchemaReport(second, 0, 3)], await SchemaMigrator.ApplyAsync(secondHost));

        Assert.True(await SchemaProbe.TableExists<CatalogV1Context>(firstHost, "Items"));
        Assert.True(await SchemaProbe.TableExists<CatalogV2Context>(secondHost, "Items"));
        Assert.True(await SchemaProbe.TableExists<CatalogV2Context>(secondHost, "Tags"));
        Assert.False(await SchemaProbe.TableExists<CatalogV1Context>(firstHost, "Tags"));
    }

    [Fact]
    public async Task Start_up_leaves_it_to_the_migrate_command_when_told_to_and_refuses_to_start_before_it_ran()
    {
        await using var database = TestDatabase.Sqlite();
        var service = database.NewService();
        await using var host = database.Services<CatalogV1Context>(service, applySchemaOnStartup: false).BuildServiceProvider();
        var initializer = host.GetServices<IHostedService>().OfType<DatabaseInitializer<CatalogV1Context>>().Single();

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => initializer.StartAsync(CancellationToken.None));
        Assert.Contains($"Schema {service} is at version 0 but this build needs 1: run the migrate command first", refusal.Message, StringComparison.Ordinal);
        Assert.False(await SchemaProbe.TableExists<CatalogV1Context>(host, "Items"));

        Assert.Equal([new SchemaReport(service, 0, 1)], await SchemaMigrator.ApplyAsync(host));
        Assert.True(await SchemaProbe.TableExists<CatalogV1Context>(host, "Items"));
        await initializer.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_database_made_by_ensure_created_is_adopted_at_the_current_version()
    {
        await using var database = TestDatabase.Sqlite();
        var service = database.NewService();
        await using var host = Catalog<CatalogV2Context>(database, service);
        await using (var scope = host.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CatalogV2Context>().Database.EnsureCreatedAsync();

        Assert.Equal([new SchemaReport(service, 0, 3)], await SchemaMigrator.ApplyAsync(host));

        Assert.Equal(0, host.GetRequiredService<StepProbe>().Runs);
        Assert.Equal([3], await SchemaProbe.Versions<CatalogV2Context>(host));
    }

    static async Task AppliesOnce(TestDatabase database)
    {
        await using var _ = database;
        var service = database.NewService();
        await using var host = Catalog<CatalogV1Context>(database, service);

        Assert.Equal([new SchemaReport(service, 0, 1)], await SchemaMigrator.ApplyAsync(host));
        Assert.Equal([new SchemaReport(service, 1, 1)], await SchemaMigrator.ApplyAsync(host));
        Assert.Equal([1], await SchemaProbe.Versions<CatalogV1Context>(host));
    }

    static async Task Upgrades(TestDatabase database)
    {
        await using var _ = database;
        var service = database.NewService();
        await using (var shipped = Catalog<CatalogV1Context>(database, service))
            await SchemaMigrator.ApplyAsync(shipped);

        await using var upgraded = Catalog<CatalogV2Context>(database, service);
        Assert.Equal([new SchemaReport(service, 1, 3)], await SchemaMigrator.ApplyAsync(upgraded));
        Assert.Equal([new SchemaReport(service, 3, 3)], await SchemaMigrator.ApplyAsync(upgraded));

        Assert.Equal(1, upgraded.GetRequiredService<StepProbe>().Runs);
        Assert.Equal([1, 2, 3], await SchemaProbe.Versions<CatalogV2Context>(upgraded));
        await AssertTagsWork(upgraded);
    }

    static async Task CreatesLatest(TestDatabase database)
    {
        await using var _ = database;
        var service = database.NewService();
        await using var host = Catalog<CatalogV2Context>(database, service);

        Assert.Equal([new SchemaReport(service, 0, 3)], await SchemaMigrator.ApplyAsync(host));

        Assert.Equal(0, host.GetRequiredService<StepProbe>().Runs);
        Assert.Equal([3], await SchemaProbe.Versions<CatalogV2Context>(host));
        await AssertTagsWork(host);
    }

    static async Task AppliesOnceConcurrently(TestDatabase database)
    {
        await using var _ = database;
        var service = database.NewService();
        await using var one = Catalog<CatalogV1Context>(database, service);
        await using var other = Catalog<CatalogV1Context>(database, service);

        var reports = await Task.WhenAll(SchemaMigrator.ApplyAsync(one), SchemaMigrator.ApplyAsync(other));

        Assert.Equal([0, 1], reports.SelectMany(r => r).Select(r => r.PreviousVersion).Order());
        Assert.Equal([1], await SchemaProbe.Versions<CatalogV1Context>(one));
    }

    static ServiceProvider Catalog<TContext>(TestDatabase database, string service)
        where TContext : DbContext
    {
        var services = database.Services<TContext>(service);
        services.AddSingleton<StepProbe>();
        return services.BuildServiceProvider(validateScopes: true);
    }

    static async Task AssertTagsWork(IServiceProvider host)
    {
        await using var scope = host.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CatalogV2Context>();
        context.Tags.Add(new CatalogTag { Id = 1, Label = "new" });
        await context.SaveChangesAsync();
        Assert.Equal(["new"], await context.Tags.AsNoTracking().Select(t => t.Label).ToListAsync());
    }
}
