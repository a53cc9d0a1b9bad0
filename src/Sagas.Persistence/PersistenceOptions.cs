using System.ComponentModel.DataAnnotations;

namespace Sagas.Persistence;

/// <summary>The database engines a service can keep its data in.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// Where every service keeps its data (configuration section <c>Persistence</c>). One provider and connection
/// string for all services, each in its own schema (PostgreSQL, SQL Server) or file (SQLite); a service's own
/// entry under <c>ConnectionStrings</c> overrides it in distributed runs.
/// </summary>
public sealed class PersistenceOptions
{
    public const string Section = "Persistence";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The shared database; not used for SQLite, where each service gets a file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>How long SQLite waits for another writer before it gives up with SQLITE_BUSY.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see cref="SqliteBusyTimeout"/> in the whole seconds a SQLite connection string takes, rounded up: a timeout under
    /// a second must not become 0, which Microsoft.Data.Sqlite takes for no limit at all.
    /// </summary>
    public int SqliteCommandTimeoutSeconds => Math.Max(1, (int)Math.Ceiling(SqliteBusyTimeout.TotalSeconds));

    /// <summary>How long PostgreSQL and SQL Server wait for a saga or schema lock before the attempt fails (and may be retried).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a consumed message id is remembered by the inbox; redeliveries later than this are processed again.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the inbox forgets ids past <see cref="InboxRetention"/>.</summary>
    public TimeSpan InboxCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether each service brings its schema up to date when it starts; production runs the migrate command instead.</summary>
    public bool ApplySchemaOnStartup { get; set; } = true;

    /// <summary>
    /// The database role (PostgreSQL) or user (SQL Server) each service connects as, by the service's
    /// <c>ConnectionStrings</c> name: applying a service's schema grants that role the use of the schema's tables and
    /// sequences, and of nothing else. Set where the migrate command runs, on the owner's connection; unset, nothing is granted.
    /// </summary>
    public Dictionary<string, string> ServiceRoles { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
