using Microsoft.EntityFrameworkCore;

namespace Sagas.Persistence.Schema;

/// <summary>One upgrade of a service's schema past version 1 (the model's create script), run once per database.</summary>
/// <param name="Version">2 for the first upgrade, then consecutive.</param>
/// <param name="Description">What the step changes, recorded in <c>__SchemaVersions</c>.</param>
/// <param name="Apply">Runs inside the schema transaction; use the context's <c>Database</c> for SQL or data fixes.</param>
public sealed record SchemaStep(int Version, string Description, Func<DbContext, CancellationToken, Task> Apply)
{
    /// <summary>Placeholder in <see cref="Sql"/> steps for the service's delimited schema name (PostgreSQL, SQL Server).</summary>
    public const string SchemaPlaceholder = "{schema}";

    /// <summary>
    /// The SQL batch per provider of a step written with <see cref="Sql"/>, <see cref="SchemaPlaceholder"/> still in it;
    /// null for a step written as code. Kept so a step's SQL can be checked without a database (no SQL Server runs in CI).
    /// </summary>
    public IReadOnlyDictionary<DatabaseProvider, string>? Scripts { get; private init; }

    /// <summary>A step written as one SQL batch per provider; <see cref="SchemaPlaceholder"/> stands for the schema.</summary>
    public static SchemaStep Sql(int version, string description, string sqlite, string postgreSql, string sqlServer)
    {
        var scripts = new Dictionary<DatabaseProvider, string>
        {
            [DatabaseProvider.Sqlite] = sqlite,
            [DatabaseProvider.PostgreSql] = postgreSql,
            [DatabaseProvider.SqlServer] = sqlServer,
        };
        return new(version, description, (context, cancellationToken) => RawSql.ExecuteAsync(context, ScriptOf(scripts, context), [], cancellationToken))
        {
            Scripts = scripts,
        };
    }

    /// <summary>The batch this step runs on <paramref name="context"/>'s provider and schema; null for a step written as code.</summary>
    public string? ScriptFor(DbContext context) => Scripts is null ? null : ScriptOf(Scripts, context);

    static string ScriptOf(IReadOnlyDictionary<DatabaseProvider, string> scripts, DbContext context) =>
        scripts[DatabaseProviders.ProviderOf(context.Database)].Replace(SchemaPlaceholder, SchemaDialect.DelimitedSchema(context), StringComparison.Ordinal);
}
