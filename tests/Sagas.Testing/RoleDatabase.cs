using Npgsql;

namespace Sagas.Testing;

/// <summary>
/// A deployment's PostgreSQL set-up in miniature, on the server of <c>SAGAS_TEST_POSTGRES</c>: a fresh database owned by
/// an owner role (what the migrate command connects as) and a login role per service, all dropped afterwards. Roles
/// belong to the whole server, so their names carry the database's unique name.
/// </summary>
public sealed class RoleDatabase : IAsyncDisposable
{
    const string Password = "sagas-role-test";

    readonly NpgsqlConnectionStringBuilder _server;
    readonly string _name = $"sagas_{Guid.NewGuid():N}"[..18];
    readonly IReadOnlyList<string> _services;

    RoleDatabase(string serverConnectionString, IReadOnlyList<string> services)
    {
        _server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        _services = services;
    }

    public string Owner => $"{_name}_owner";

    /// <summary>The login role <paramref name="service"/> connects as.</summary>
    public string RoleOf(string service) => $"{_name}_{service}";

    public string OwnerConnectionString => ConnectionStringOf(Owner);

    /// <summary>What <paramref name="service"/>'s host is given as <c>ConnectionStrings:&lt;service&gt;</c>.</summary>
    public string ServiceConnectionString(string service) => ConnectionStringOf(RoleOf(service));

    public static async Task<RoleDatabase> Create(params string[] services)
    {
        var database = new RoleDatabase(PostgresFactAttribute.ConnectionString
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set."), services);
        foreach (var role in database.Roles)
            await database.Execute($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{Password}'");
        await database.Execute($"CREATE DATABASE \"{database._name}\" OWNER \"{database.Owner}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // The database first: the grants and default privileges that keep a role from being dropped live in it.
        await Execute($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        foreach (var role in Roles)
            await Execute($"DROP ROLE IF EXISTS \"{role}\"");
    }

    IEnumerable<string> Roles => _services.Select(RoleOf).Prepend(Owner);

    string ConnectionStringOf(string role) =>
        new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = _name, Username = role, Password = Password }.ConnectionString;

    async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
