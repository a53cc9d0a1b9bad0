using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Sagas.SqlServer.Tests.Checks;

/// <summary>
/// The tables and columns of one service's SQL Server schema, read from the CREATE TABLE statements of its scripts.
/// Names compare case-insensitively, as under SQL Server's default collation.
/// </summary>
public sealed class SchemaModel
{
    readonly Dictionary<(string Schema, string Table), HashSet<string>> _tables = new(new TableNameComparer());

    public SchemaModel(IEnumerable<string> scripts)
    {
        foreach (var script in scripts)
            foreach (var create in TSql.All<CreateTableStatement>(TSql.Parse(script, out _)))
                _tables[(create.SchemaObjectName.SchemaIdentifier?.Value ?? "", create.SchemaObjectName.BaseIdentifier.Value)] =
                    new(create.Definition.ColumnDefinitions.Select(column => column.ColumnIdentifier.Value), StringComparer.OrdinalIgnoreCase);
    }

    public int TableCount => _tables.Count;

    /// <summary>The columns of the table, or null when the schema has no such table; an unqualified name matches any schema.</summary>
    public IReadOnlySet<string>? ColumnsOf(string? schema, string table) =>
        schema is null
            ? _tables.Where(entry => string.Equals(entry.Key.Table, table, StringComparison.OrdinalIgnoreCase)).Select(entry => entry.Value).FirstOrDefault()
            : _tables.GetValueOrDefault((schema, table));

    sealed class TableNameComparer : IEqualityComparer<(string Schema, string Table)>
    {
        public bool Equals((string Schema, string Table) x, (string Schema, string Table) y) =>
            string.Equals(x.Schema, y.Schema, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Table, y.Table, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Schema, string Table) name) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(name.Schema), StringComparer.OrdinalIgnoreCase.GetHashCode(name.Table));
    }
}
