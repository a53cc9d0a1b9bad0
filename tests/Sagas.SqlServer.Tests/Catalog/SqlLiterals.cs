using System.Text.RegularExpressions;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>
/// Which of the code's string literals are SQL that may reach SQL Server: those holding a statement keyword as our SQL
/// writes it (upper case, which log messages and exception texts never use), less those spelled for PostgreSQL or
/// SQLite only (double-quoted identifiers, their own functions and clauses). Provider-neutral SQL stays in: on SQL
/// Server it is sent too.
/// </summary>
static partial class SqlLiterals
{
    public static IReadOnlyList<CodeLiteral> ForSqlServer { get; } =
        [.. CodeLiterals.All.Where(literal => IsSqlServerSql(literal.Text)).DistinctBy(literal => (literal.Text, literal.Member))];

    public static bool IsSqlServerSql(string text) => Statement().IsMatch(text) && !OtherProvider().IsMatch(text);

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|EXEC|EXECUTE|DECLARE|THROW|SET LOCK_TIMEOUT|UPDLOCK|ROWLOCK|READPAST|HOLDLOCK|NOLOCK)\b")]
    private static partial Regex Statement();

    [GeneratedRegex(@"""|\bCREATE (TABLE|INDEX|SCHEMA) IF NOT EXISTS\b|\bpg_|\bhashtext\b|\bSET LOCAL\b|FOR UPDATE|SKIP LOCKED|\bLIMIT\b|ON CONFLICT|MATERIALIZED|PRAGMA|sqlite_master")]
    private static partial Regex OtherProvider();
}
