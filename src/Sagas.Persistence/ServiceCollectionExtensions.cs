using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sagas.Persistence.Inbox;

namespace Sagas.Persistence;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers a service's DbContext on the configured provider, for the schema migrator, and for applying its schema
    /// at start-up. Contexts are pooled: a scope leases one and hands it back reset, and the options are built once.
    /// Building them and a context's internal services for every message would cost more than the message's own work;
    /// the price is that a context may keep no state of its own beyond what EF resets.
    /// </summary>
    public static IServiceCollection AddServiceDatabase<TContext>(this IServiceCollection services, string service)
        where TContext : DbContext
    {
        services.AddOptions<PersistenceOptions>().BindConfiguration(PersistenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContextPool<TContext>((provider, builder) => builder.UseServiceDatabase(
            provider.GetRequiredService<IOptions<PersistenceOptions>>().Value, provider.GetRequiredService<IConfiguration>(), service));
        services.AddSingleton(new ServiceDatabaseRegistration(typeof(TContext), service));
        services.TryAddSingleton<SchemaStatus<TContext>>();
        services.AddHostedService<DatabaseInitializer<TContext>>();
        return services;
    }

    /// <summary>Forgets the inbox's consumed message ids past retention (for a context whose model calls <c>AddInbox()</c>).</summary>
    public static IServiceCollection AddInboxCleanup<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InboxCleanup<TContext>>();
        services.AddHostedService(provider => provider.GetRequiredService<InboxCleanup<TContext>>());
        return services;
    }
}
