using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Persistence.Schema;

namespace Sagas.Persistence;

/// <summary>
/// Brings a service's schema up to date before the host starts consuming, so the first message finds its tables;
/// with <c>Persistence:ApplySchemaOnStartup=false</c> it leaves that to the explicit migrate command and refuses to
/// start until the command has run.
/// </summary>
public sealed class DatabaseInitializer<TContext>(
    IServiceProvider services,
    IOptions<PersistenceOptions> options,
    ILogger<DatabaseInitializer<TContext>> logger)
    : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var registration = services.GetServices<ServiceDatabaseRegistration>().FirstOrDefault(r => r.ContextType == typeof(TContext))
            ?? new ServiceDatabaseRegistration(typeof(TContext), typeof(TContext).Name);

        if (options.Value.ApplySchemaOnStartup)
        {
            await SchemaMigrator.ApplyAsync(services, registration, cancellationToken);
            return;
        }

        await SchemaMigrator.RequireCurrentAsync(services, registration, cancellationToken);
        logger.LogInformation("Schema {Service} is current; applying it is left to the migrate command (Persistence:ApplySchemaOnStartup is false)",
            registration.Service);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
