using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Scheduling.Schema;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>The Quartz tables are a versioned schema like every service's: created once, recorded, never raced.</summary>
public sealed class When_the_timeout_store_schema_is_applied
{
    [Fact]
    public async Task Sqlite_gets_every_quartz_table_in_the_scheduler_file_once()
    {
        using var directory = new TemporaryDirectory();
        await using var services = TimeoutStoreSchemaHost.Build(JobStoreSettings.Sqlite(directory.Path));

        Assert.Equal([new SchemaReport(TimeoutStoreDbContext.Service, 0, 1)], await SchemaMigrator.ApplyAsync(services));
        Assert.Equal([new SchemaReport(TimeoutStoreDbContext.Service, 1, 1)], await SchemaMigrator.ApplyAsync(services));

        var tables = await SqliteTables(Path.Combine(directory.Path, "scheduler.db"));
        Assert.Equal(Expected("qrtz_"), tables.Order());
    }

    [PostgresFact]
    public async Task Postgresql_gets_every_quartz_table_in_the_orchestrator_schema_once()
    {
        await using var database = await PostgresDatabase.Create();
        await using var services = TimeoutStoreSchemaHost.Build(Settings(database));

        Assert.Equal([new SchemaReport(TimeoutStoreDbContext.Service, 0, 1)], await SchemaMigrator.ApplyAsync(services));
        Assert.Equal([new SchemaReport(TimeoutStoreDbContext.Service, 1, 1)], await SchemaMigrator.ApplyAsync(services));

        Assert.Equal(Expected("qrtz_"), (await PostgresTables(database, "orchestrator")).Order());
        Assert.Empty(await PostgresTables(database, "public"));
    }

    [PostgresFact]
    public async Task Two_replicas_applying_at_once_both_succeed_and_create_it_once()
    {
        await using var database = await PostgresDatabase.Create();
        await using var first = TimeoutStoreSchemaHost.Build(Settings(database));
        await using var second = TimeoutStoreSchemaHost.Build(Settings(database));

        var reports = (await Task.WhenAll(SchemaMigrator.ApplyAsync(first), SchemaMigrator.ApplyAsync(second))).SelectMany(r => r).ToList();

        Assert.Equal([0, 1], reports.Select(report => report.PreviousVersion).Order());
        Assert.All(reports, report => Assert.Equal(1, report.Version));
        Assert.Equal(Expected("qrtz_"), (await PostgresTables(database, "orchestrator")).Order());
    }

    [Fact]
    public async Task A_start_that_leaves_it_to_the_migrate_command_refuses_missing_tables_in_one_line()
    {
        using var directory = new TemporaryDirectory();
        var settings = JobStoreSettings.Sqlite(directory.Path);
        settings["Persistence:ApplySchemaOnStartup"] = "false";
        await using var services = TimeoutStoreSchemaHost.Build(settings);
        var initializer = ActivatorUtilities.CreateInstance<DatabaseInitializer<TimeoutStoreDbContext>>(services);

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => initializer.StartAsync(CancellationToken.None));
        Assert.Equal("Schema timeouts is at version 0 but this build needs 1: run the migrate command first (Persistence:ApplySchemaOnStartup is false)",
            Assert.Single(refusal.Failures));

        await SchemaMigrator.ApplyAsync(services);
        await initializer.StartAsync(CancellationToken.None);
    }

    /// <summary>Quartz's tables under the prefix, and the version table beside them.</summary>
    static IEnumerable<string> Expected(string prefix) =>
        TimeoutStoreSchemaHost.TablesQuartzRequires().Select(table => (prefix + table).ToLowerInvariant()).Append(prefix + "schema_versions").Order();

    /// <summary>A database of its own, so the default prefix and the orchestrator's schema are the real ones.</summary>
    static Dictionary<string, string?> Settings(PostgresDatabase database) => JobStoreSettings.Postgres(database);

    static async Task<List<string>> SqliteTables(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT lower(name) FROM sqlite_master WHERE type = 'table'";
        return await Read(command);
    }

    static async Task<List<string>> PostgresTables(PostgresDatabase database, string schema)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @schema", connection);
        command.Parameters.AddWithValue("schema", schema);
        return await Read(command);
    }

    static async Task<List<string>> Read(System.Data.Common.DbCommand command)
    {
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    }
}
