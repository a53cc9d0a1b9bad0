using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence;

namespace Sagas.Scheduling.Schema;

internal static class TimeoutStoreSchemaRegistration
{
    /// <summary>
    /// Registers the Quartz tables with the schema migrator (the hosts' <c>migrate</c> command) and for start-up, where
    /// they are applied, or checked when <c>Persistence:ApplySchemaOnStartup</c> is false, before Quartz starts: call
    /// it before the Quartz hosted service is added, since hosted services start in order.
    /// </summary>
    public static IServiceCollection AddTimeoutStoreSchema(this IServiceCollection services, TimeoutStoreDatabase store)
    {
        services.AddOptions<PersistenceOptions>().BindConfiguration(PersistenceOptions.Section);
        services.AddSingleton(store);
        services.AddDbContext<TimeoutStoreDbContext>(builder => _ = store.Provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(store.ConnectionString),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(store.ConnectionString),
            DatabaseProvider.SqlServer => builder.UseSqlServer(store.ConnectionString, sql => sql.EnableRetryOnFailure()),
            _ => throw new ArgumentOutOfRangeException(nameof(store), store.Provider, "Unknown database provider."),
        });
        services.AddSingleton(new ServiceDatabaseRegistration(typeof(TimeoutStoreDbContext), TimeoutStoreDbContext.Service) { Database = store.Service });
        services.AddHostedService<DatabaseInitializer<TimeoutStoreDbContext>>();
        return services;
    }
}
