using Npgsql;

namespace Sagas.Workers.Tests;

/// <summary>
/// Fresh PostgreSQL databases for one test, one per worker service, on the server that <c>SAGAS_TEST_POSTGRES</c>
/// points at, dropped afterwards; null when the variable is not set, and the tests that wanted them run on SQLite.
/// </summary>
/// <remarks>
/// One database per service rather than one shared database with a schema each, because the shared start-up
/// creator (EnsureCreated) creates tables only while the database has none, so only the first service's appear.
/// </remarks>
sealed class PostgresDatabases : IAsyncDisposable
{
    const string Variable = "SAGAS_TEST_POSTGRES";

    static readonly string[] Services = ["ledger", "inventory", "shipping", "notify"];

    readonly string adminConnectionString;
    readonly Dictionary<string, string> databaseByService;

    PostgresDatabases(string adminConnectionString)
    {
        this.adminConnectionString = adminConnectionString;
        var run = Guid.NewGuid().ToString("N")[..12];
        databaseByService = Services.ToDictionary(service => service, service => $"sagas_workers_{run}_{service}");
    }

    /// <summary>Configuration that puts every worker service in its own database.</summary>
    public Dictionary<string, string?> Settings => databaseByService.ToDictionary(
        pair => $"ConnectionStrings:{pair.Key}",
        pair => (string?)new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = pair.Value }.ToString());

    public static async Task<PostgresDatabases?> CreateIfConfigured()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } adminConnectionString)
            return null;
        var databases = new PostgresDatabases(adminConnectionString);
        await Task.WhenAll(databases.databaseByService.Values.Select(database => databases.Execute($"CREATE DATABASE {database}")));
        return databases;
    }

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(databaseByService.Values.Select(database => Execute($"DROP DATABASE IF EXISTS {database} WITH (FORCE)")));

    async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
