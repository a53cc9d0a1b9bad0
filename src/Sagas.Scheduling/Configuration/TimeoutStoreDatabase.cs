using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Sagas.Persistence;

namespace Sagas.Scheduling;

/// <summary>
/// Where the persistent timeout store keeps its Quartz tables, worked out once for Quartz and for the schema that
/// creates them. SQLite: its own file (<see cref="SchedulingOptions.SqliteFile"/>). PostgreSQL and SQL Server: the
/// database and schema of the service named by <see cref="SchedulingOptions.Database"/> (the orchestrator's), so the
/// timeouts sit beside the sagas that set them; Quartz reaches that schema through a schema-qualified table prefix.
/// </summary>
/// <param name="Service">The service whose database (and schema) holds the tables: <see cref="SchedulingOptions.Database"/>.</param>
internal sealed record TimeoutStoreDatabase(DatabaseProvider Provider, string ConnectionString, string Service, string TablePrefix)
{
    /// <summary>The schema of the tables; null on SQLite, whose file is the store's own.</summary>
    public string? Schema => Provider == DatabaseProvider.Sqlite ? null : Service;

    /// <summary>
    /// The prefix Quartz puts before its table names: <see cref="TablePrefix"/>, qualified by the delimited schema
    /// (the name ServiceDatabase gives the service's schema), since Quartz only ever pastes the prefix in front.
    /// </summary>
    public string QualifiedTablePrefix => Schema is null ? TablePrefix : $"{Delimited(Schema)}.{TablePrefix}";

    public static TimeoutStoreDatabase From(SchedulingOptions options, IConfiguration configuration)
    {
        var persistence = configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        if (persistence.Provider == DatabaseProvider.Sqlite)
            return new(persistence.Provider, SqliteConnectionString(persistence, options), options.Database, options.TablePrefix);

        var connectionString = configuration.GetConnectionString(options.Database) ?? persistence.ConnectionString
            ?? throw new InvalidOperationException(
                $"No connection string for the timeout store: set Persistence:ConnectionString or ConnectionStrings:{options.Database}.");
        return new(persistence.Provider, connectionString, options.Database, options.TablePrefix);
    }

    string Delimited(string identifier) => Provider == DatabaseProvider.SqlServer
        ? $"[{identifier.Replace("]", "]]", StringComparison.Ordinal)}]"
        : $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    static string SqliteConnectionString(PersistenceOptions persistence, SchedulingOptions options)
    {
        Directory.CreateDirectory(persistence.DataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(persistence.DataDirectory, options.SqliteFile),
            DefaultTimeout = persistence.SqliteCommandTimeoutSeconds,
        }.ToString();
    }
}
