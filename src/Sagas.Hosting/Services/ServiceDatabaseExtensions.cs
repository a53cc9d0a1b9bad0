using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagas.Persistence;

namespace Sagas.Hosting.Services;

public static class ServiceDatabaseExtensions
{
    /// <summary>
    /// A service's own database (named after the service: its schema, its SQLite file, its connection string) and a
    /// readiness check that it answers.
    /// </summary>
    public static IServiceCollection AddOwnDatabase<TContext>(this IServiceCollection services, string service)
        where TContext : DbContext
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddServiceDatabase<TContext>(service);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"{service}-database", tags: ["ready"]);
        return services;
    }
}
