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

    /// <summary>A step written as one SQL batch per provider; <see cref="SchemaPlaceholder"/> stands for the schema.</summary>
    public static SchemaStep Sql(int version, string description, string sqlite, string postgreSql, string sqlServer) =>
        new(version, description, (context, cancellationToken) =>
        {
            var sql = DatabaseProviders.ProviderOf(context.Database) switch
            {
                DatabaseProvider.Sqlite => sqlite,
                DatabaseProvider.PostgreSql => postgreSql,
                _ => sqlServer,
            };
            return RawSql.ExecuteAsync(context, sql.Replace(SchemaPlaceholder, SchemaDialect.DelimitedSchema(context)), [],
                cancellationToken);
        });
}
