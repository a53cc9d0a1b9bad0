using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sagas.Persistence.Schema;

/// <summary>
/// The schema bookkeeping SQL per provider: the lock that lets only one process apply a service's schema at a time
/// (PostgreSQL advisory lock, SQL Server application lock, SQLite's IMMEDIATE transaction), and the per-schema
/// <c>__SchemaVersions</c> table that records which versions were applied.
/// </summary>
internal sealed class SchemaDialect
{
    public const string VersionTableName = "__SchemaVersions";

    /// <summary>Keeps our schema locks apart from any other advisory lock in a shared PostgreSQL database ("SAGA").</summary>
    const int PostgresLockClass = 0x53414741;

    SchemaDialect(DatabaseProvider provider, string? schema, string versionTable, string? acquireLock, string createVersionTable)
    {
        Provider = provider;
        Schema = schema;
        VersionTable = versionTable;
        AcquireLock = acquireLock;
        CreateVersionTable = createVersionTable;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The service's schema; null on SQLite, where the file is the service's own.</summary>
    public string? Schema { get; }

    public string VersionTable { get; }

    /// <summary>Blocks until this transaction owns the schema (bounded by the lock timeout); null where the transaction already does.</summary>
    public string? AcquireLock { get; }

    public string CreateVersionTable { get; }

    public string ReadVersion => Provider == DatabaseProvider.SqlServer
        ? $"SELECT MAX([Version]) FROM {VersionTable}"
        : $"SELECT MAX(\"Version\") FROM {VersionTable}";

    public string RecordVersion => Provider == DatabaseProvider.SqlServer
        ? $"INSERT INTO {VersionTable} ([Version], [Description], [AppliedAt]) VALUES (@p0, @p1, @p2)"
        : $"INSERT INTO {VersionTable} (\"Version\", \"Description\", \"AppliedAt\") VALUES (@p0, @p1, @p2)";

    /// <summary>Counts a table by schema (<c>@p0</c>, ignored by SQLite) and name (<c>@p1</c>).</summary>
    public string TableExists => Provider == DatabaseProvider.Sqlite
        ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @p1"
        : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = @p0 AND table_name = @p1";

    public static SchemaDialect For(DbContext context, TimeSpan lockTimeout)
    {
        var provider = DatabaseProviders.ProviderOf(context.Database);
        var sql = context.GetService<ISqlGenerationHelper>();
        var timeoutMs = (int)lockTimeout.TotalMilliseconds;
        var schema = SchemaOf(context, provider);
        var versionTable = sql.DelimitIdentifier(VersionTableNameOf(context), schema);

        return provider switch
        {
            DatabaseProvider.PostgreSql => new(provider, schema, versionTable,
                $"SET LOCAL lock_timeout = {timeoutMs}; SELECT pg_advisory_xact_lock({PostgresLockClass}, hashtext(@p0));",
                $"CREATE SCHEMA IF NOT EXISTS {sql.DelimitIdentifier(schema!)}; " +
                $"CREATE TABLE IF NOT EXISTS {versionTable} (\"Version\" integer PRIMARY KEY, \"Description\" text NOT NULL, " +
                "\"AppliedAt\" timestamp with time zone NOT NULL);"),
            DatabaseProvider.SqlServer => new(provider, schema, versionTable,
                $"SET LOCK_TIMEOUT {timeoutMs}; DECLARE @result int; " +
                $"EXEC @result = sp_getapplock @Resource = @p0, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = {timeoutMs}; " +
                "IF @result < 0 THROW 51000, 'Timed out waiting for the schema lock.', 1;",
                $"IF SCHEMA_ID(@p0) IS NULL EXEC(N'CREATE SCHEMA {sql.DelimitIdentifier(schema!).Replace("'", "''")}'); " +
                $"IF OBJECT_ID(N'{versionTable.Replace("'", "''")}', N'U') IS NULL " +
                $"CREATE TABLE {versionTable} ([Version] int NOT NULL PRIMARY KEY, [Description] nvarchar(400) NOT NULL, " +
                "[AppliedAt] datetimeoffset NOT NULL);"),
            _ => new(provider, schema, versionTable, null,
                $"CREATE TABLE IF NOT EXISTS {versionTable} (\"Version\" INTEGER NOT NULL PRIMARY KEY, \"Description\" TEXT NOT NULL, " +
                "\"AppliedAt\" TEXT NOT NULL);"),
        };
    }

    /// <summary>The delimited schema for <see cref="SchemaStep.SchemaPlaceholder"/>; empty on SQLite.</summary>
    public static string DelimitedSchema(DbContext context) =>
        SchemaOf(context, DatabaseProviders.ProviderOf(context.Database)) is { } schema
            ? context.GetService<ISqlGenerationHelper>().DelimitIdentifier(schema)
            : "";

    /// <summary>The undelimited name of the context's version table.</summary>
    public static string VersionTableNameOf(DbContext context) => context is IScriptedSchema scripted ? scripted.VersionTable : VersionTableName;

    /// <summary>The context's schema (a scripted schema's own, else the model's default), else the provider's default; SQLite has none.</summary>
    static string? SchemaOf(DbContext context, DatabaseProvider provider)
    {
        var declared = context is IScriptedSchema scripted ? scripted.Schema : context.Model.GetDefaultSchema();
        return provider switch
        {
            DatabaseProvider.Sqlite => null,
            DatabaseProvider.PostgreSql => declared ?? "public",
            _ => declared ?? "dbo",
        };
    }
}
