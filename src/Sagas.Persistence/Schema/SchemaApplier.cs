using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Sagas.Persistence.Schema;

/// <summary>
/// Brings one service's schema to the version its DbContext declares, in one transaction under the schema lock, so
/// two processes starting together apply it once and a failed step leaves the previous version intact.
/// </summary>
internal static class SchemaApplier
{
    /// <param name="role">The service's own database role, granted the use of the schema (<see cref="SchemaGrants"/>); null grants nothing.</param>
    public static async Task<SchemaReport> ApplyAsync(DbContext context, string service, string? role, TimeSpan lockTimeout, ILogger logger,
        CancellationToken cancellationToken)
    {
        var steps = StepsOf(context);
        var target = TargetOf(steps);
        var dialect = SchemaDialect.For(context, lockTimeout);
        var grants = role is null ? [] : SchemaGrants.For(context, role);

        SchemaReport report;
        try
        {
            report = await Apply(context, service, steps, target, dialect, grants, logger, cancellationToken);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Schema {Service} could not be brought to version {Target}; nothing was changed", service, target);
            throw;
        }

        if (report.Version > target)
            logger.LogWarning("Schema {Service} is at version {Version}, newer than this build's {Target}; left as it is",
                service, report.Version, target);
        else if (report.Changed)
            logger.LogInformation("Schema {Service} went from version {Previous} to {Version}", service, report.PreviousVersion, report.Version);
        else
            logger.LogInformation("Schema {Service} is up to date at version {Version}", service, report.Version);
        if (grants.Count > 0)
            logger.LogInformation("Schema {Service}: role {Role} may read and write its tables", service, role);
        return report;
    }

    static Task<SchemaReport> Apply(DbContext context, string service, IReadOnlyList<SchemaStep> steps, int target, SchemaDialect dialect,
        IReadOnlyList<string> grants, ILogger logger, CancellationToken cancellationToken) =>
        context.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await context.Database.BeginTransactionAsync(token);
            if (dialect.AcquireLock is not null)
                await RawSql.ExecuteAsync(context, dialect.AcquireLock, [$"sagas-schema:{dialect.Schema}"], token);
            await RawSql.ExecuteAsync(context, dialect.CreateVersionTable,
                dialect.Provider == DatabaseProvider.SqlServer ? [dialect.Schema!] : [], token);

            var current = (int)await RawSql.ScalarAsync(context, dialect.ReadVersion, [], token);
            if (current == 0)
                await CreateOrAdopt(context, service, dialect, target, logger, token);
            else
                foreach (var step in steps.Where(step => step.Version > current))
                {
                    await step.Apply(context, token);
                    await Record(context, dialect, step.Version, step.Description, token);
                }

            // Under the schema lock: two sessions granting on the same schema at once can fail on PostgreSQL.
            foreach (var grant in grants)
                await RawSql.ExecuteAsync(context, grant, [], token);

            await transaction.CommitAsync(token);
            return new SchemaReport(service, current, Math.Max(current, target));
        }, cancellationToken);

    static async Task CreateOrAdopt(DbContext context, string service, SchemaDialect dialect, int target, ILogger logger,
        CancellationToken cancellationToken)
    {
        var tables = SchemaScripts.Tables(context);
        var existing = 0;
        foreach (var (schema, name) in tables)
            existing += (int)await RawSql.ScalarAsync(context, dialect.TableExists, [(object?)schema ?? DBNull.Value, name], cancellationToken);

        if (existing == 0)
        {
            foreach (var command in SchemaScripts.CreateCommands(context))
                await RawSql.ExecuteAsync(context, command, [], cancellationToken);
            await Record(context, dialect, target, "Created from the model", cancellationToken);
        }
        else if (existing == tables.Count)
        {
            // Databases from before versioning were made by EnsureCreated from the model of their day.
            logger.LogWarning("Schema {Service} has all its tables but no version history; recording it as version {Version}",
                service, target);
            await Record(context, dialect, target, "Adopted tables created before versioning", cancellationToken);
        }
        else
            throw new InvalidOperationException(
                $"Schema {service} has {existing} of its {tables.Count} tables but no version history; fix it by hand before starting.");
    }

    static Task Record(DbContext context, SchemaDialect dialect, int version, string description, CancellationToken cancellationToken) =>
        RawSql.ExecuteAsync(context, dialect.RecordVersion, [version, description, DateTimeOffset.UtcNow], cancellationToken);

    /// <summary>The version this build's context declares: its last step's, or 1.</summary>
    public static int TargetOf(DbContext context) => TargetOf(StepsOf(context));

    static int TargetOf(IReadOnlyList<SchemaStep> steps) => steps.Count == 0 ? 1 : steps[^1].Version;

    static IReadOnlyList<SchemaStep> StepsOf(DbContext context)
    {
        var steps = context is IVersionedSchema versioned ? versioned.SchemaSteps : [];
        for (var i = 0; i < steps.Count; i++)
            if (steps[i].Version != i + 2)
                throw new InvalidOperationException(
                    $"{context.GetType().Name} declares schema step {steps[i].Version} where version {i + 2} belongs: steps start at 2 and are consecutive.");
        return steps;
    }
}
