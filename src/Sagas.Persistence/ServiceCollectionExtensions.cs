using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sagas.Persistence;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers a service's DbContext on the configured provider and creates its tables at start-up.</summary>
    public static IServiceCollection AddServiceDatabase<TContext>(this IServiceCollection services, string service)
        where TContext : DbContext
    {
        services.AddOptions<PersistenceOptions>().BindConfiguration(PersistenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContext<TContext>((provider, builder) => builder.UseServiceDatabase(
            provider.GetRequiredService<IOptions<PersistenceOptions>>().Value, provider.GetRequiredService<IConfiguration>(), service));
        services.AddHostedService<DatabaseInitializer<TContext>>();
        return services;
    }
}
