using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Sagas.SqlServer.Tests.Checks;

/// <summary>
/// Finds the tables and columns a statement names that its service's schema does not have. Tables are checked by schema
/// and name. A qualified column is checked in the table its alias stands for (<c>INSERTED</c> and <c>DELETED</c> in the
/// statement's target); an unqualified one must be in one of the statement's tables. SQL Server's catalog views
/// (<c>sys</c>, <c>information_schema</c>) are its own, and columns of derived tables, CTEs and table functions (EF's
/// <c>OPENJSON</c>, a MERGE's <c>VALUES</c>) are the statement's own, so neither is looked up.
/// </summary>
static class NameCheck
{
    static readonly string[] CatalogSchemas = ["sys", "information_schema"];

    public static IReadOnlyList<string> UnknownNames(string statement, SchemaModel schema)
    {
        var fragment = TSql.Parse(statement, out _);
        var problems = new List<string>();
        foreach (var batchStatement in TSql.All<TSqlStatement>(fragment).Where(IsDataStatement))
        {
            var names = new StatementNames();
            batchStatement.Accept(names);
            problems.AddRange(Check(names, schema));
        }
        return [.. problems.Distinct()];
    }

    /// <summary>Statements that read or write rows; DDL names what it creates, which the schema is made of.</summary>
    static bool IsDataStatement(TSqlStatement statement) =>
        statement is SelectStatement or InsertStatement or UpdateStatement or DeleteStatement or MergeStatement;

    static IEnumerable<string> Check(StatementNames names, SchemaModel schema)
    {
        var tables = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.OrdinalIgnoreCase);
        var userTables = new List<IReadOnlySet<string>>();
        var aliases = names.Tables.Where(table => table.Alias is not null).GroupBy(table => table.Alias!.Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
        // DELETE [i] FROM [schema].[Inbox] AS [i] (as EF Core writes ExecuteDelete): the target names an alias, not a table.
        if (names.Target is NamedTableReference target && IsAliasOf(target, aliases) is { } aliased)
            names.RetargetTo(aliased);
        foreach (var table in names.Tables.Where(table => !names.CommonTableExpressions.Contains(table.SchemaObject.BaseIdentifier.Value)))
        {
            if (IsAliasOf(table, aliases) is not null)
                continue;

            var schemaName = table.SchemaObject.SchemaIdentifier?.Value;
            var tableName = table.SchemaObject.BaseIdentifier.Value;
            IReadOnlySet<string>? columns = null;
            if (!CatalogSchemas.Contains(schemaName, StringComparer.OrdinalIgnoreCase))
            {
                columns = schema.ColumnsOf(schemaName, tableName);
                if (columns is null)
                {
                    yield return $"table {Name(table.SchemaObject)} is not in the schema";
                    continue;
                }
                userTables.Add(columns);
            }
            tables[table.Alias?.Value ?? tableName] = columns;
            if (ReferenceEquals(table, names.Target))
            {
                tables["INSERTED"] = columns;
                tables["DELETED"] = columns;
            }
        }

        foreach (var column in names.Columns)
        {
            var parts = column.MultiPartIdentifier.Identifiers;
            var name = parts[^1].Value;
            if (parts.Count == 1)
            {
                if (!userTables.Any(columns => columns.Contains(name)) && !names.HasOwnSources && !names.Tables.Any(IsCatalog))
                    yield return $"column {name} is in none of the statement's tables";
                continue;
            }

            var qualifier = parts[^2].Value;
            if (tables.TryGetValue(qualifier, out var qualified))
            {
                if (qualified is not null && !qualified.Contains(name))
                    yield return $"column {qualifier}.{name} is not in its table";
            }
            else if (!names.OwnSourceAliases.Contains(qualifier))
                yield return $"{qualifier} in {qualifier}.{name} names no table of the statement";
        }
    }

    static NamedTableReference? IsAliasOf(NamedTableReference table, Dictionary<string, NamedTableReference> aliases) =>
        table.SchemaObject.SchemaIdentifier is null && table.Alias is null && aliases.TryGetValue(table.SchemaObject.BaseIdentifier.Value, out var aliased)
            ? aliased
            : null;

    static bool IsCatalog(NamedTableReference table) =>
        CatalogSchemas.Contains(table.SchemaObject.SchemaIdentifier?.Value, StringComparer.OrdinalIgnoreCase);

    static string Name(SchemaObjectName name) => string.Join(".", name.Identifiers.Select(identifier => identifier.Value));

    /// <summary>What one statement names: its tables, its DML target, its columns, and the sources it defines itself.</summary>
    sealed class StatementNames : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Tables { get; } = [];

        public List<ColumnReferenceExpression> Columns { get; } = [];

        public HashSet<string> CommonTableExpressions { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> OwnSourceAliases { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool HasOwnSources => OwnSourceAliases.Count > 0 || CommonTableExpressions.Count > 0;

        public TableReference? Target { get; private set; }

        public void RetargetTo(NamedTableReference table) => Target = table;

        public override void Visit(NamedTableReference node) => Tables.Add(node);

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.ColumnType == ColumnType.Regular && node.MultiPartIdentifier is not null)
                Columns.Add(node);
        }

        public override void Visit(CommonTableExpression node) => CommonTableExpressions.Add(node.ExpressionName.Value);

        public override void Visit(TableReferenceWithAlias node)
        {
            if (node is not NamedTableReference && node.Alias is not null)
                OwnSourceAliases.Add(node.Alias.Value);
        }

        public override void Visit(InsertSpecification node) => Target ??= node.Target;

        public override void Visit(UpdateSpecification node) => Target ??= node.Target;

        public override void Visit(DeleteSpecification node) => Target ??= node.Target;

        public override void Visit(MergeSpecification node) => Target ??= node.Target;
    }
}
