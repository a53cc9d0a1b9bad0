using Microsoft.Data.Sqlite;
using Npgsql;
using Sagas.Persistence;
using Sagas.Testing;

namespace Sagas.Outbox.Tests.Support;

/// <summary>
/// Where one test keeps its data: a fresh directory of SQLite files, or a fresh schema in the PostgreSQL database of
/// <c>SAGAS_TEST_POSTGRES</c> (dropped afterwards). Every host of the test shares it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly TemporaryDirectory _directory = new();

    TestDatabase(DatabaseProvider provider) => Provider = provider;

    public DatabaseProvider Provider { get; }

    /// <summary>The test's service: its schema on PostgreSQL, its file name on SQLite.</summary>
    public string Service { get; } = $"t{Guid.NewGuid():N}"[..13];

    /// <summary>The setting that tells a test host which service it is.</summary>
    public const string ServiceKey = "Test:Service";

    public static TestDatabase Sqlite() => new(DatabaseProvider.Sqlite);

    public static TestDatabase Postgres() => new(DatabaseProvider.PostgreSql);

    /// <summary>The <c>Persistence</c> settings of a host on this database.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        [ServiceKey] = Service,
        ["Persistence:Provider"] = Provider.ToString(),
        ["Persistence:ConnectionString"] = Provider == DatabaseProvider.PostgreSql ? PostgresFactAttribute.ConnectionString : null,
        ["Persistence:DataDirectory"] = _directory.Path,
    };

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Service}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
