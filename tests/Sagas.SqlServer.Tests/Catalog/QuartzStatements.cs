using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Quartz.Impl.AdoJobStore;
using Sagas.SqlServer.Tests.Checks;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>
/// Quartz's own statements for its ADO.NET job store on SQL Server (the shared ones of its internal <c>StdAdoConstants</c>,
/// which every delegate uses, and those of <see cref="SqlServerDelegate"/>), with the table prefix the platform configures
/// Quartz with. Quartz writes them; our hand-written Quartz DDL must hold every table and column they name, or the
/// scheduler fails at run time. Kept: the complete statements (Quartz finishes some at run time from a prefix, which do
/// not parse alone) on the tables Quartz requires (<c>AdoConstants.AllTableNames</c>, what its start-up validation
/// probes); the optional execution-history tables are for a Quartz feature the platform does not turn on.
/// </summary>
static partial class QuartzStatements
{
    public static IEnumerable<(string Name, string Sql)> For(string tablePrefix)
    {
        var unqualifiedPrefix = tablePrefix[(tablePrefix.LastIndexOf('.') + 1)..];
        var required = Constant<string[]>("AdoConstants", "AllTableNames").Select(table => unqualifiedPrefix + table).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { typeof(SqlServerDelegate).Assembly.GetType("Quartz.Impl.AdoJobStore.StdAdoConstants", throwOnError: true)!, typeof(SqlServerDelegate) }
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(field => field.FieldType == typeof(string))
            .Select(field => (field.Name, Sql: ((string)(field.IsLiteral ? field.GetRawConstantValue() : field.GetValue(null))!).Replace("{0}", tablePrefix, StringComparison.Ordinal)))
            .Where(field => DataStatement().IsMatch(field.Sql) && SqlLiterals.IsSqlServerSql(field.Sql))
            .Where(field => TSql.ErrorsOf(field.Sql).Count == 0
                && TSql.All<NamedTableReference>(TSql.Parse(field.Sql, out _)).All(table => required.Contains(table.SchemaObject.BaseIdentifier.Value)));
    }

    static T Constant<T>(string type, string name) =>
        (T)typeof(SqlServerDelegate).Assembly.GetType($"Quartz.Impl.AdoJobStore.{type}", throwOnError: true)!
            .GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    [GeneratedRegex(@"^\s*(SELECT|INSERT|UPDATE|DELETE)\b")]
    private static partial Regex DataStatement();
}
