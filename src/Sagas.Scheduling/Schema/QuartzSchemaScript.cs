using Sagas.Persistence;

namespace Sagas.Scheduling.Schema;

/// <summary>
/// Version 1 of the timeout store's schema: <see cref="QuartzTables"/> as DDL for the store's provider. Tables and
/// columns are unquoted, as Quartz's own statements name them, so they match however the database folds case
/// (PostgreSQL stores them lower case); the schema comes delimited inside the qualified prefix.
/// </summary>
internal static class QuartzSchemaScript
{
    public static IReadOnlyList<string> CreateCommands(TimeoutStoreDatabase store) =>
    [
        .. QuartzTables.All.Select(table => CreateTable(store, table)),
        .. QuartzTables.Indexes.Select(index =>
            $"CREATE INDEX IDX_{store.TablePrefix}{index.Name} ON {store.QualifiedTablePrefix}{index.Table} ({string.Join(", ", index.Columns)})"),
    ];

    /// <summary>The tables as (schema, name) the way the catalog lists them.</summary>
    public static IReadOnlyList<(string? Schema, string Name)> Tables(TimeoutStoreDatabase store) =>
        [.. QuartzTables.All.Select(table => (store.Schema, StoredName(store, store.TablePrefix + table.Name)))];

    /// <summary>PostgreSQL folds unquoted names to lower case; SQLite and SQL Server keep them as written.</summary>
    public static string StoredName(TimeoutStoreDatabase store, string name) =>
        store.Provider == DatabaseProvider.PostgreSql ? name.ToLowerInvariant() : name;

    static string CreateTable(TimeoutStoreDatabase store, QuartzTable table)
    {
        var lines = table.Columns.Select(column => $"    {column.Name} {TypeOf(store.Provider, column)}").ToList();
        lines.Add($"    PRIMARY KEY ({string.Join(", ", table.PrimaryKey)})");
        if (table.ForeignKey is { } key)
            lines.Add($"    FOREIGN KEY ({string.Join(", ", key.Columns)}) REFERENCES {store.QualifiedTablePrefix}{key.Table} ({string.Join(", ", key.Columns)})"
                + (key.CascadeDelete ? " ON DELETE CASCADE" : ""));
        return $"CREATE TABLE {store.QualifiedTablePrefix}{table.Name} (\n{string.Join(",\n", lines)}\n)";
    }

    static string TypeOf(DatabaseProvider provider, QuartzColumn column)
    {
        var type = (provider, column.Type) switch
        {
            (DatabaseProvider.PostgreSql, QuartzColumnType.Text) => "text",
            (DatabaseProvider.PostgreSql, QuartzColumnType.Bool) => "boolean",
            (DatabaseProvider.PostgreSql, QuartzColumnType.Binary) => "bytea",
            (DatabaseProvider.SqlServer, QuartzColumnType.Text) => $"nvarchar({column.Length})",
            (DatabaseProvider.SqlServer, QuartzColumnType.Bool) => "bit",
            (DatabaseProvider.SqlServer, QuartzColumnType.Binary) => "varbinary(max)",
            (DatabaseProvider.SqlServer, QuartzColumnType.Count) => "int",
            // SQLite goes by affinity: these names give Quartz text, numbers and blobs back as it wrote them.
            (DatabaseProvider.Sqlite, QuartzColumnType.Text) => $"NVARCHAR({column.Length})",
            (DatabaseProvider.Sqlite, QuartzColumnType.Bool) => "BOOLEAN",
            (DatabaseProvider.Sqlite, QuartzColumnType.Binary) => "BLOB",
            (_, QuartzColumnType.Int) => "integer",
            (_, QuartzColumnType.Decimal) => "numeric(13,4)",
            _ => "bigint",
        };
        var nullability = column.Nullable ? "NULL" : "NOT NULL";
        var defaultValue = column.DefaultFalse ? (provider == DatabaseProvider.PostgreSql ? " DEFAULT FALSE" : " DEFAULT 0") : "";
        return $"{type} {nullability}{defaultValue}";
    }
}
