using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Sagas.SqlServer.Tests.Checks;

/// <summary>Parses T-SQL as SQL Server 2022 (compatibility level 160, the compose file's server) does, with quoted identifiers on as SqlClient sets them.</summary>
static class TSql
{
    public static TSqlFragment Parse(string text, out IList<ParseError> errors) =>
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(text), out errors);

    /// <summary>The parse errors of <paramref name="text"/>, one line each; empty when it parses.</summary>
    public static IReadOnlyList<string> ErrorsOf(string text)
    {
        Parse(text, out var errors);
        return [.. errors.Select(error => $"line {error.Line}, column {error.Column}: {error.Message}")];
    }

    /// <summary>The fragment's statements and sub-statements of type <typeparamref name="T"/>.</summary>
    public static IReadOnlyList<T> All<T>(TSqlFragment fragment)
        where T : TSqlFragment
    {
        var collector = new Collector<T>();
        fragment.Accept(collector);
        return collector.Found;
    }

    sealed class Collector<T> : TSqlFragmentVisitor
        where T : TSqlFragment
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlFragment fragment)
        {
            if (fragment is T found)
                Found.Add(found);
        }
    }
}
