using Microsoft.EntityFrameworkCore;

namespace Sagas.Persistence.Schema;

/// <summary>
/// What a service's own database role (PostgreSQL) or user (SQL Server) may do: use its schema and read and write the
/// rows of its tables and sequences; no DDL, nothing in any other schema. Run by the schema owner each time the schema
/// is applied, so tables added by later versions are covered too; granting what is already granted changes nothing.
/// The role itself is made by the deployment, never here.
/// </summary>
internal static class SchemaGrants
{
    /// <summary>The statements granting <paramref name="role"/> its rights on the context's schema; none on SQLite, which has no roles.</summary>
    public static IReadOnlyList<string> For(DbContext context, string role)
    {
        var schema = SchemaDialect.For(context, TimeSpan.Zero).Schema;
        return DatabaseProviders.ProviderOf(context.Database) switch
        {
            DatabaseProvider.PostgreSql => PostgreSql(PostgresEscaped(schema!), PostgresEscaped(role)),
            // Rights on the schema cover every table and sequence in it, those created later included.
            DatabaseProvider.SqlServer => [$"GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::{SqlServerIdentifier(schema!)} TO {SqlServerIdentifier(role)}"],
            _ => [],
        };
    }

    /// <summary>
    /// Rights on what exists now, and default privileges for what the owner (who runs this) creates in the schema later:
    /// a table made outside a schema run would otherwise be out of the service's reach until the next migrate. Names are
    /// always quoted: a role is named exactly as the deployment created it (PostgreSQL folds unquoted names to lower case).
    /// </summary>
    static string[] PostgreSql(string schema, string role) =>
    [
        $"GRANT USAGE ON SCHEMA \"{schema}\" TO \"{role}\"",
        $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"{schema}\" TO \"{role}\"",
        $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA \"{schema}\" TO \"{role}\"",
        $"ALTER DEFAULT PRIVILEGES IN SCHEMA \"{schema}\" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \"{role}\"",
        $"ALTER DEFAULT PRIVILEGES IN SCHEMA \"{schema}\" GRANT USAGE, SELECT ON SEQUENCES TO \"{role}\"",
    ];

    /// <summary>A name to go between double quotes.</summary>
    static string PostgresEscaped(string name) => name.Replace("\"", "\"\"", StringComparison.Ordinal);

    static string SqlServerIdentifier(string name) => $"[{name.Replace("]", "]]", StringComparison.Ordinal)}]";
}
