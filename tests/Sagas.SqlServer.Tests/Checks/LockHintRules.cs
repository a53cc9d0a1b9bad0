using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Sagas.SqlServer.Tests.Checks;

/// <summary>
/// Where table hints may stand, beyond what the grammar checks: SQL Server's own rules, which it enforces only when it
/// compiles a statement, and the platform's rule that only its locking design's hints are used at all.
/// </summary>
static class LockHintRules
{
    /// <summary>
    /// The hints of the locking design (DESIGN.md): <c>UPDLOCK, ROWLOCK</c> on a saga row, <c>UPDLOCK, READPAST, ROWLOCK</c>
    /// on outbox rows a sweep claims, <c>UPDLOCK, HOLDLOCK</c> on the inbox key a message takes. Dirty reads (NOLOCK) or
    /// table locks would break the guarantees those give.
    /// </summary>
    static readonly TableHintKind[] Designed = [TableHintKind.UpdLock, TableHintKind.Rowlock, TableHintKind.ReadPast, TableHintKind.HoldLock];

    static readonly TableHintKind[] Granularity = [TableHintKind.Rowlock, TableHintKind.PagLock, TableHintKind.TabLock, TableHintKind.TabLockX];

    static readonly TableHintKind[] DirtyRead = [TableHintKind.NoLock, TableHintKind.ReadUncommitted];

    static readonly TableHintKind[] Serializing = [TableHintKind.HoldLock, TableHintKind.Serializable];

    public static IReadOnlyList<string> Violations(string statement)
    {
        var fragment = TSql.Parse(statement, out _);
        var problems = new List<string>();
        foreach (var batchStatement in TSql.All<TSqlStatement>(fragment))
        {
            var hints = new Hints();
            batchStatement.Accept(hints);
            problems.AddRange(hints.Tables.SelectMany(table => Check(table, hints)));
        }
        return [.. problems.Distinct()];
    }

    static IEnumerable<string> Check(NamedTableReference table, Hints statement)
    {
        var kinds = table.TableHints.Select(hint => hint.HintKind).ToList();
        if (kinds.Count == 0)
            yield break;
        var name = table.SchemaObject.BaseIdentifier.Value;
        foreach (var kind in kinds.Where(kind => !Designed.Contains(kind)))
            yield return $"{kind} on {name} is not one of the locking design's hints (UPDLOCK, ROWLOCK, READPAST, HOLDLOCK)";
        if (statement.CommonTableExpressions.Contains(name))
            yield return $"table hints on {name}, a common table expression: SQL Server takes them only on tables and views";
        if (kinds.Count(Granularity.Contains) > 1)
            yield return $"more than one lock granularity on {name}: SQL Server refuses conflicting locking hints";
        if (kinds.Contains(TableHintKind.ReadPast) && kinds.Any(Serializing.Contains))
            yield return $"READPAST with HOLDLOCK or SERIALIZABLE on {name}: SQL Server allows READPAST only under READ COMMITTED or REPEATABLE READ";
        if (kinds.Any(DirtyRead.Contains) && kinds.Any(kind => !DirtyRead.Contains(kind) && kind != TableHintKind.None))
            yield return $"NOLOCK with a locking hint on {name}: SQL Server refuses conflicting locking hints";
        if (statement.Modified.Contains(table) && kinds.Any(DirtyRead.Contains))
            yield return $"NOLOCK on {name}, which the statement modifies: SQL Server refuses it on an INSERT, UPDATE or DELETE target";
        if (statement.Inserted.Contains(table) && kinds.Contains(TableHintKind.ReadPast))
            yield return $"READPAST on {name}, an INSERT target: SQL Server refuses it there";
    }

    sealed class Hints : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Tables { get; } = [];

        public HashSet<TableReference> Modified { get; } = [];

        public HashSet<TableReference> Inserted { get; } = [];

        public HashSet<string> CommonTableExpressions { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(NamedTableReference node) => Tables.Add(node);

        public override void Visit(CommonTableExpression node) => CommonTableExpressions.Add(node.ExpressionName.Value);

        public override void Visit(InsertSpecification node)
        {
            Modified.Add(node.Target);
            Inserted.Add(node.Target);
        }

        public override void Visit(UpdateSpecification node) => Modified.Add(node.Target);

        public override void Visit(DeleteSpecification node) => Modified.Add(node.Target);

        public override void Visit(MergeSpecification node) => Modified.Add(node.Target);
    }
}
