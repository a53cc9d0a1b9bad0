using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Sagas.Persistence;

/// <summary>Points a service's DbContext at its own database on the configured provider.</summary>
public static class ServiceDatabase
{
    /// <summary>
    /// Configures <paramref name="builder"/> for the service named <paramref name="service"/> (also its schema
    /// and SQLite file name).
    /// </summary>
    public static DbContextOptionsBuilder UseServiceDatabase(this DbContextOptionsBuilder builder,
        PersistenceOptions options, IConfiguration configuration, string service)
    {
        var connectionString = configuration.GetConnectionString(service) ?? options.ConnectionString;
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => builder
                .UseSqlite(connectionString is null ? SqliteFile(options, service) : WithBusyTimeout(connectionString, options))
                .AddInterceptors(new SqliteBusyWait(options.SqliteBusyTimeout), new SqliteWriteGate(options.SqliteBusyTimeout)),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(WithoutResetOnClose(Require(connectionString, service)),
                npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", service)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(Require(connectionString, service),
                sql => sql.MigrationsHistoryTable("__EFMigrationsHistory", service).EnableRetryOnFailure()),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider."),
        };
    }

    /// <summary>The schema a service's tables live in; SQLite has none, its file already isolates the service.</summary>
    public static string? SchemaFor(DbContext context, string service) => context.Database.IsSqlite() ? null : service;

    static string SqliteFile(PersistenceOptions options, string service)
    {
        Directory.CreateDirectory(options.DataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.DataDirectory, $"{service}.db"),
            Pooling = true,
            DefaultTimeout = options.SqliteCommandTimeoutSeconds,
        }.ToString();
    }

    /// <summary>A configured SQLite connection string without a timeout gets ours, so writers wait for each other instead of failing.</summary>
    static string WithBusyTimeout(string connectionString, PersistenceOptions options) =>
        connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase)
            ? connectionString
            : new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = options.SqliteCommandTimeoutSeconds }.ToString();

    /// <summary>
    /// A pooled PostgreSQL connection is reset with DISCARD ALL each time it goes back to the pool unless told not to:
    /// a round trip per use, dozens per saga. Nothing here leaves session state behind (locks and settings are
    /// transaction-scoped: <c>pg_advisory_xact_lock</c>, <c>SET LOCAL</c>), so the reset is skipped unless the
    /// configured connection string decides otherwise.
    /// </summary>
    static string WithoutResetOnClose(string connectionString) =>
        connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ToString();

    static string Require(string? connectionString, string service) =>
        connectionString ?? throw new InvalidOperationException(
            $"No connection string for '{service}': set Persistence:ConnectionString or ConnectionStrings:{service}.");
}
