using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Sagas.Testing;

namespace Sagas.Persistence.Tests.Support;

/// <summary>
/// Where one test keeps its data: a fresh directory of SQLite files, or fresh schemas in the PostgreSQL database of
/// <c>SAGAS_TEST_POSTGRES</c> (dropped afterwards), so tests never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    readonly TemporaryDirectory _directory = new();
    readonly List<string> _services = [];

    TestDatabase(DatabaseProvider provider) => Provider = provider;

    public DatabaseProvider Provider { get; }

    public static TestDatabase Sqlite() => new(DatabaseProvider.Sqlite);

    public static TestDatabase Postgres() => new(DatabaseProvider.PostgreSql);

    /// <summary>A service name of its own for this test: its schema on PostgreSQL, its file name on SQLite.</summary>
    public string NewService()
    {
        var service = $"t{Guid.NewGuid():N}"[..13];
        _services.Add(service);
        return service;
    }

    /// <summary>Services for a test host: configuration, logging, and <typeparamref name="TContext"/> as the service database.</summary>
    public IServiceCollection Services<TContext>(string service, bool applySchemaOnStartup = true, TimeSpan? sqliteBusyTimeout = null)
        where TContext : DbContext
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = Provider.ToString(),
            ["Persistence:ConnectionString"] = Provider == DatabaseProvider.PostgreSql ? PostgresFactAttribute.ConnectionString : null,
            ["Persistence:DataDirectory"] = _directory.Path,
            ["Persistence:ApplySchemaOnStartup"] = applySchemaOnStartup.ToString(),
            ["Persistence:SqliteBusyTimeout"] = (sqliteBusyTimeout ?? new PersistenceOptions().SqliteBusyTimeout).ToString(),
        }).Build());
        services.AddTestLogging();
        services.AddSingleton(new TestService(service));
        services.AddServiceDatabase<TContext>(service);
        services.ConfigureDbContext<TContext>(builder => builder.ReplaceService<IModelCacheKeyFactory, ServiceModelCacheKeyFactory>());
        return services;
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await connection.OpenAsync();
            foreach (var service in _services)
            {
                await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{service}\" CASCADE", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
