using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Testing;

namespace Sagas.Deployment.Tests;

/// <summary>
/// Every service's own host on PostgreSQL with a login role per service: <c>migrate</c> runs as the owner and names
/// each service's role (<c>Persistence:ServiceRoles</c>); then each schema, the Quartz tables in the orchestrator's
/// included, is its own role's alone, and each host passes its schema checks given only its own service's credentials.
/// </summary>
public sealed class When_the_hosts_connect_as_their_service_roles
{
    static readonly string[] Services = ["orchestrator", "ledger", "inventory", "shipping", "notify"];

    [PostgresFact]
    public async Task Each_schema_is_read_and_written_by_its_own_role_alone_and_every_schema_check_passes_on_the_roles()
    {
        await using var database = await RoleDatabase.Create(Services);
        var migrated = new List<string>();
        foreach (var project in ServiceHosts)
        {
            await using var migrate = Build(project, Services.ToDictionary(service => $"Persistence:ServiceRoles:{service}", database.RoleOf),
                ownerConnectionString: database.OwnerConnectionString);
            migrated.AddRange(migrate.Services.GetServices<ServiceDatabaseRegistration>().Select(registration => registration.Database));
            await SchemaMigrator.ApplyAsync(migrate.Services);
        }
        Assert.Equal(Services.Order(), migrated.Distinct().Order());

        foreach (var project in ServiceHosts)
        {
            var own = project.Services.Select(service => service.Name).Intersect(Services);
            await using var host = Build(project, own.ToDictionary(service => $"ConnectionStrings:{service}", database.ServiceConnectionString));
            foreach (var registration in host.Services.GetServices<ServiceDatabaseRegistration>())
                await SchemaMigrator.RequireCurrentAsync(host.Services, registration);
        }

        var privileges = await Privileges(database);
        Assert.Contains(privileges, privilege => privilege.Object == "table orchestrator.qrtz_triggers");
        Assert.Contains(privileges, privilege => privilege.Object.StartsWith("sequence orchestrator.", StringComparison.Ordinal));
        Assert.All(Services, service => Assert.Contains(privileges, privilege => privilege.Object.StartsWith($"table {service}.", StringComparison.Ordinal)));
        Assert.All(privileges, privilege =>
        {
            var own = privilege.Object.Split(' ')[1].Split('.')[0] == privilege.Service;
            var expected = !own ? "" : privilege.Object.Split(' ')[0] switch
            {
                "schema" => "usage",
                "sequence" => "select usage",
                _ => "select insert update delete",
            };
            Assert.True(privilege.Granted == expected, $"{privilege.Service} may '{privilege.Granted}' on {privilege.Object}");
        });
    }

    /// <summary>Each service's own host (the orchestrator's keeps the Quartz tables too).</summary>
    static IEnumerable<HostProject> ServiceHosts => HostProject.All.Where(project => project.Services.Count == 1);

    /// <summary>
    /// A host, built, not started: as the migrate command runs it when given the owner's connection string, else as a host
    /// given only its own service's credentials.
    /// </summary>
    static WebApplication Build(HostProject project, Dictionary<string, string> settings, string? ownerConnectionString = null)
    {
        settings["Kafka:BootstrapServers"] = "kafka.invalid:9092";
        settings["Persistence:Provider"] = nameof(DatabaseProvider.PostgreSql);
        settings["Persistence:ApplySchemaOnStartup"] = "false";
        if (ownerConnectionString is not null)
            settings["Persistence:ConnectionString"] = ownerConnectionString;
        return project.Build([.. settings.Select(pair => $"--{pair.Key}={pair.Value}")]);
    }

    /// <summary>
    /// For every service schema, and every table and sequence in them, what each service role may do: on a schema USAGE and
    /// CREATE, on a table SELECT, INSERT, UPDATE, DELETE and TRUNCATE, on a sequence USAGE and UPDATE (setval).
    /// </summary>
    static async Task<List<(string Object, string Service, string Granted)>> Privileges(RoleDatabase database)
    {
        const string sql = """
            SELECT 'schema ' || n.nspname, r.rolname, concat_ws(' ',
                   CASE WHEN has_schema_privilege(r.oid, n.oid, 'USAGE') THEN 'usage' END,
                   CASE WHEN has_schema_privilege(r.oid, n.oid, 'CREATE') THEN 'create' END)
            FROM pg_namespace n CROSS JOIN pg_roles r
            WHERE n.nspname = ANY(@schemas) AND r.rolname = ANY(@roles)
            UNION ALL
            SELECT 'table ' || n.nspname || '.' || c.relname, r.rolname, concat_ws(' ',
                   CASE WHEN has_table_privilege(r.oid, c.oid, 'SELECT') THEN 'select' END,
                   CASE WHEN has_table_privilege(r.oid, c.oid, 'INSERT') THEN 'insert' END,
                   CASE WHEN has_table_privilege(r.oid, c.oid, 'UPDATE') THEN 'update' END,
                   CASE WHEN has_table_privilege(r.oid, c.oid, 'DELETE') THEN 'delete' END,
                   CASE WHEN has_table_privilege(r.oid, c.oid, 'TRUNCATE') THEN 'truncate' END)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN pg_roles r
            WHERE c.relkind = 'r' AND n.nspname = ANY(@schemas) AND r.rolname = ANY(@roles)
            UNION ALL
            SELECT 'sequence ' || n.nspname || '.' || c.relname, r.rolname, concat_ws(' ',
                   CASE WHEN has_sequence_privilege(r.oid, c.oid, 'SELECT') THEN 'select' END,
                   CASE WHEN has_sequence_privilege(r.oid, c.oid, 'USAGE') THEN 'usage' END,
                   CASE WHEN has_sequence_privilege(r.oid, c.oid, 'UPDATE') THEN 'update' END)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN pg_roles r
            WHERE c.relkind = 'S' AND n.nspname = ANY(@schemas) AND r.rolname = ANY(@roles)
            """;
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("schemas", Services);
        command.Parameters.AddWithValue("roles", Services.Select(database.RoleOf).ToArray());
        var privileges = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            privileges.Add((reader.GetString(0), ServiceOf(database, reader.GetString(1)), reader.GetString(2)));
        return privileges;
    }

    static string ServiceOf(RoleDatabase database, string role) => Services.Single(service => database.RoleOf(service) == role);
}
