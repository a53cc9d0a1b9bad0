using Npgsql;

namespace Sagas.Testing;

/// <summary>
/// A fresh PostgreSQL database on the server named by <c>SAGAS_TEST_POSTGRES</c>, dropped afterwards: the hosts keep
/// every service in fixed schemas of one database, so each test that runs them needs a database of its own.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    readonly NpgsqlConnectionStringBuilder _server;
    readonly string _name = $"sagas_{Guid.NewGuid():N}";

    PostgresDatabase(string serverConnectionString) => _server = new NpgsqlConnectionStringBuilder(serverConnectionString);

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = _name }.ConnectionString;

    /// <summary>Configuration that puts every service in this database.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Persistence:Provider"] = "PostgreSql",
        ["Persistence:ConnectionString"] = ConnectionString,
    };

    /// <summary>Creates the database; for tests marked <see cref="PostgresFactAttribute"/>.</summary>
    public static async Task<PostgresDatabase> Create() =>
        await CreateIfConfigured() ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set.");

    /// <summary>Creates the database, or returns null when no server is configured.</summary>
    public static async Task<PostgresDatabase?> CreateIfConfigured()
    {
        if (PostgresFactAttribute.ConnectionString is not { Length: > 0 } server)
            return null;
        var database = new PostgresDatabase(server);
        await database.Execute($"CREATE DATABASE \"{database._name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // FORCE: a killed host's sessions may not have been noticed by the server yet.
        await Execute($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
