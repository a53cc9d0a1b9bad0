using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Sagas.SqlServer.Tests.Checks;

/// <summary>Parses T-SQL as SQL Server 2022 (compatibility level 160, the compose file's server) does, with quoted identifiers on as SqlClient sets them.</summary>
static class TSql
{
    public static TSqlFragment Parse(string text, out IList<ParseError> errors) =>
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(text), out errors);

    /// <summary>
    /// The parse errors of <paramref name="text"/>, one line each; empty when it parses. SQL run as a string,
    /// <c>EXEC(N'…')</c> of literals (how a schema is created inside an <c>IF</c>), is parsed too.
    /// </summary>
    public static IReadOnlyList<string> ErrorsOf(string text)
    {
        var fragment = Parse(text, out var errors);
        if (errors.Count > 0)
            return [.. errors.Select(error => $"line {error.Line}, column {error.Column}: {error.Message}")];
        return [.. All<ExecutableStringList>(fragment)
            .Where(executed => executed.Strings.All(part => part is StringLiteral))
            .Select(executed => string.Concat(executed.Strings.Cast<StringLiteral>().Select(part => part.Value)))
            .SelectMany(executed => ErrorsOf(executed).Select(error => $"in EXEC('{executed}'): {error}"))];
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
