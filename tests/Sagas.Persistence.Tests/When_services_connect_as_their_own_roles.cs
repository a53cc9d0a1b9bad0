using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Sagas.Persistence.Schema;
using Sagas.Persistence.Tests.Support;
using Sagas.Testing;

namespace Sagas.Persistence.Tests;

/// <summary>
/// The migrate command runs as the schema owner and grants each service's role its own schema (Persistence:ServiceRoles);
/// a service's host connects as that role and reaches nothing else.
/// </summary>
public sealed class When_services_connect_as_their_own_roles
{
    const string InsufficientPrivilege = "42501";
    const string Orchestrator = RowsContext.Orchestrator;
    const string Ledger = RowsContext.Ledger;

    [PostgresFact]
    public async Task Each_role_reads_and_writes_its_own_tables_and_not_the_other_services()
    {
        await using var database = await RoleDatabase.Create(Orchestrator, Ledger);
        await using (var migrate = Migrate<LedgerRows>(database))
        {
            Assert.Equal([new SchemaReport(Orchestrator, 0, 1), new SchemaReport(Ledger, 0, 1)], await SchemaMigrator.ApplyAsync(migrate));
            // Again, as a later deployment would: granting what is granted changes nothing and fails nothing.
            Assert.Equal([new SchemaReport(Orchestrator, 1, 1), new SchemaReport(Ledger, 1, 1)], await SchemaMigrator.ApplyAsync(migrate));
        }

        await AssertReadsAndWrites(database, Orchestrator, $"\"{Orchestrator}\".\"Rows\"");
        await AssertReadsAndWrites(database, Ledger, $"\"{Ledger}\".\"Rows\"");
        await AssertShutOut(database, Orchestrator, $"\"{Ledger}\".\"Rows\"");
        await AssertShutOut(database, Ledger, $"\"{Orchestrator}\".\"Rows\"");
    }

    [PostgresFact]
    public async Task A_role_changes_no_schema_not_even_its_own()
    {
        await using var database = await RoleDatabase.Create(Orchestrator, Ledger);
        await using (var migrate = Migrate<LedgerRows>(database))
            await SchemaMigrator.ApplyAsync(migrate);

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            Execute(database, Ledger, $"CREATE TABLE \"{Ledger}\".\"Extra\" (\"Id\" integer)"));
        Assert.Equal(InsufficientPrivilege, refused.SqlState);
        refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(database, Ledger, $"DROP TABLE \"{Ledger}\".\"Rows\""));
        Assert.Equal(InsufficientPrivilege, refused.SqlState);
    }

    [PostgresFact]
    public async Task A_host_on_its_own_role_passes_its_schema_check_once_migrate_ran_and_keeps_its_rows()
    {
        await using var database = await RoleDatabase.Create(Orchestrator, Ledger);
        await using var ledger = ServiceHost<LedgerRows>(database, Ledger);
        var initializer = ledger.GetServices<IHostedService>().OfType<DatabaseInitializer<LedgerRows>>().Single();

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => initializer.StartAsync(CancellationToken.None));
        Assert.Contains("run the migrate command first", refusal.Message, StringComparison.Ordinal);

        await using (var migrate = Migrate<LedgerRows>(database))
            await SchemaMigrator.ApplyAsync(migrate);
        await initializer.StartAsync(CancellationToken.None);

        await using (var scope = ledger.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<LedgerRows>();
            context.Rows.Add(new Row { Text = "kept" });
            await context.SaveChangesAsync();
        }
        await using (var scope = ledger.CreateAsyncScope())
            Assert.Equal(["kept"], await scope.ServiceProvider.GetRequiredService<LedgerRows>().Rows.Select(row => row.Text).ToListAsync());
    }

    [PostgresFact]
    public async Task A_table_a_later_schema_version_adds_is_its_services_alone()
    {
        await using var database = await RoleDatabase.Create(Orchestrator, Ledger);
        await using (var shipped = Migrate<LedgerRows>(database))
            await SchemaMigrator.ApplyAsync(shipped);
        await using (var upgraded = Migrate<LedgerRowsV2>(database))
            Assert.Contains(new SchemaReport(Ledger, 1, 2), await SchemaMigrator.ApplyAsync(upgraded));

        await AssertReadsAndWrites(database, Ledger, $"\"{Ledger}\".\"Entries\"");
        await AssertShutOut(database, Orchestrator, $"\"{Ledger}\".\"Entries\"");
    }

    [PostgresFact]
    public async Task A_table_the_owner_adds_between_migrations_is_its_schemas_services_by_default()
    {
        await using var database = await RoleDatabase.Create(Orchestrator, Ledger);
        await using (var migrate = Migrate<LedgerRows>(database))
            await SchemaMigrator.ApplyAsync(migrate);

        await using (var owner = new NpgsqlConnection(database.OwnerConnectionString))
        {
            await owner.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE TABLE \"{Ledger}\".\"Fixes\" (\"Id\" serial PRIMARY KEY, \"Text\" text NOT NULL)", owner);
            await create.ExecuteNonQueryAsync();
        }

        await AssertReadsAndWrites(database, Ledger, $"\"{Ledger}\".\"Fixes\"");
        await AssertShutOut(database, Orchestrator, $"\"{Ledger}\".\"Fixes\"");
    }

    /// <summary>What the migrate command runs as: the owner's connection, both services registered, each one's role named.</summary>
    static ServiceProvider Migrate<TLedger>(RoleDatabase database)
        where TLedger : RowsContext
    {
        var services = Host(new()
        {
            ["Persistence:ConnectionString"] = database.OwnerConnectionString,
            [$"Persistence:ServiceRoles:{Orchestrator}"] = database.RoleOf(Orchestrator),
            [$"Persistence:ServiceRoles:{Ledger}"] = database.RoleOf(Ledger),
        });
        services.AddServiceDatabase<OrchestratorRows>(Orchestrator);
        services.AddServiceDatabase<TLedger>(Ledger);
        return services.BuildServiceProvider();
    }

    /// <summary>A service's host in production: its own connection string, schemas left to migrate.</summary>
    static ServiceProvider ServiceHost<TContext>(RoleDatabase database, string service)
        where TContext : DbContext
    {
        var services = Host(new()
        {
            [$"ConnectionStrings:{service}"] = database.ServiceConnectionString(service),
            ["Persistence:ApplySchemaOnStartup"] = "false",
        });
        services.AddServiceDatabase<TContext>(service);
        return services.BuildServiceProvider();
    }

    static ServiceCollection Host(Dictionary<string, string?> settings)
    {
        settings["Persistence:Provider"] = nameof(DatabaseProvider.PostgreSql);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddTestLogging();
        return services;
    }

    static async Task AssertReadsAndWrites(RoleDatabase database, string service, string table)
    {
        await Execute(database, service, $"INSERT INTO {table} (\"Text\") VALUES ('written')");
        await Execute(database, service, $"SELECT COUNT(*) FROM {table}");
        await Execute(database, service, $"UPDATE {table} SET \"Text\" = 'changed'");
        await Execute(database, service, $"DELETE FROM {table}");
    }

    static async Task AssertShutOut(RoleDatabase database, string service, string table)
    {
        foreach (var sql in new[]
        {
            $"SELECT COUNT(*) FROM {table}",
            $"INSERT INTO {table} (\"Text\") VALUES ('written')",
            $"UPDATE {table} SET \"Text\" = 'changed'",
            $"DELETE FROM {table}",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(database, service, sql));
            Assert.True(refused.SqlState == InsufficientPrivilege, $"{service}: {sql} failed with {refused.SqlState} {refused.MessageText}");
        }
    }

    /// <summary>Runs <paramref name="sql"/> on a connection of its own as <paramref name="service"/>'s role.</summary>
    static async Task Execute(RoleDatabase database, string service, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ServiceConnectionString(service));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
