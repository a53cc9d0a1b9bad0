using Npgsql;

namespace Sagas.Workers.Tests;

/// <summary>
/// A fresh PostgreSQL database for one test, every worker service in its own schema as the standalone host keeps
/// them, on the server that <c>SAGAS_TEST_POSTGRES</c> points at, and dropped afterwards; null when the variable is
/// not set, and the tests that wanted it run on SQLite.
/// </summary>
sealed class PostgresDatabase : IAsyncDisposable
{
    const string Variable = "SAGAS_TEST_POSTGRES";

    readonly string adminConnectionString;
    readonly string name = $"sagas_workers_{Guid.NewGuid():N}";

    PostgresDatabase(string adminConnectionString) => this.adminConnectionString = adminConnectionString;

    /// <summary>Configuration that puts every worker service in this database.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Persistence:Provider"] = "PostgreSql",
        ["Persistence:ConnectionString"] = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ToString(),
    };

    public static async Task<PostgresDatabase?> CreateIfConfigured()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } adminConnectionString)
            return null;
        var database = new PostgresDatabase(adminConnectionString);
        await database.Execute($"CREATE DATABASE {database.name}");
        return database;
    }

    public async ValueTask DisposeAsync() => await Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
