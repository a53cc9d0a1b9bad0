using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Sagas.Persistence.Schema;

/// <summary>
/// Refuses to start a service whose schema is older than its build declares, when start-up is not to apply it: the
/// first message would otherwise fail on a missing table, at whatever moment it came. Reads only; changes nothing.
/// </summary>
internal static class SchemaCheck
{
    public static async Task RequireCurrentAsync(DbContext context, string service, CancellationToken cancellationToken)
    {
        var target = SchemaApplier.TargetOf(context);
        var version = await VersionOf(context, cancellationToken);
        if (version < target)
            throw new OptionsValidationException(PersistenceOptions.Section, typeof(PersistenceOptions),
            [
                $"Schema {service} is at version {version} but this build needs {target}: run the migrate command first " +
                "(Persistence:ApplySchemaOnStartup is false)",
            ]);
    }

    static async Task<int> VersionOf(DbContext context, CancellationToken cancellationToken)
    {
        var dialect = SchemaDialect.For(context, TimeSpan.Zero);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var history = await RawSql.ScalarAsync(context, dialect.TableExists,
            [(object?)dialect.Schema ?? DBNull.Value, SchemaDialect.VersionTableNameOf(context)], cancellationToken);
        return history == 0 ? 0 : (int)await RawSql.ScalarAsync(context, dialect.ReadVersion, [], cancellationToken);
    }
}
