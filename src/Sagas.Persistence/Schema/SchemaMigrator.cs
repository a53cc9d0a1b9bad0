using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sagas.Persistence.Schema;

/// <summary>
/// Applies service schemas: <see cref="ApplyAsync(IServiceProvider, CancellationToken)"/> is the production entry
/// point behind the hosts' <c>migrate</c> command; <see cref="DatabaseInitializer{TContext}"/> uses it at start-up.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>Applies the schema of every service database registered with <c>AddServiceDatabase</c>, one after another.</summary>
    public static async Task<IReadOnlyList<SchemaReport>> ApplyAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var reports = new List<SchemaReport>();
        foreach (var registration in services.GetServices<ServiceDatabaseRegistration>().DistinctBy(r => r.ContextType))
            reports.Add(await ApplyAsync(services, registration, cancellationToken));
        return reports;
    }

    /// <summary>
    /// Applies the schema of one service database, and grants its service's role (<c>Persistence:ServiceRoles</c>, by the
    /// registration's <c>ConnectionStrings</c> name) the use of it.
    /// </summary>
    public static async Task<SchemaReport> ApplyAsync(IServiceProvider services, ServiceDatabaseRegistration registration,
        CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
        var options = scope.ServiceProvider.GetService<IOptions<PersistenceOptions>>()?.Value ?? new PersistenceOptions();
        var logger = (scope.ServiceProvider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(SchemaMigrator));

        var role = options.ServiceRoles.GetValueOrDefault(registration.Database);

        await SqliteJournal.UseWriteAheadLogAsync(context, cancellationToken);
        var report = await SchemaApplier.ApplyAsync(context, registration.Service, role, options.LockTimeout, logger, cancellationToken);
        SchemaStatus.Of(services, registration)?.Current();
        return report;
    }

    /// <summary>
    /// Throws an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> (one line, naming the migrate
    /// command) when the service's schema is older than this build declares; changes nothing.
    /// </summary>
    public static async Task RequireCurrentAsync(IServiceProvider services, ServiceDatabaseRegistration registration,
        CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var context = (DbContext)scope.ServiceProvider.GetRequiredService(registration.ContextType);
        await SqliteJournal.UseWriteAheadLogAsync(context, cancellationToken);
        await SchemaCheck.RequireCurrentAsync(context, registration.Service, cancellationToken);
        SchemaStatus.Of(services, registration)?.Current();
    }
}
