using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sagas.Persistence;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers a service's DbContext on the configured provider, for the schema migrator, and for applying its schema
    /// at start-up.
    /// </summary>
    public static IServiceCollection AddServiceDatabase<TContext>(this IServiceCollection services, string service)
        where TContext : DbContext
    {
        services.AddOptions<PersistenceOptions>().BindConfiguration(PersistenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContext<TContext>((provider, builder) => builder.UseServiceDatabase(
            provider.GetRequiredService<IOptions<PersistenceOptions>>().Value, provider.GetRequiredService<IConfiguration>(), service));
        services.AddSingleton(new ServiceDatabaseRegistration(typeof(TContext), service));
        services.AddHostedService<DatabaseInitializer<TContext>>();
        return services;
    }
}
