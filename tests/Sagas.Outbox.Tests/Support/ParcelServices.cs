using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Persistence;

namespace Sagas.Outbox.Tests.Support;

/// <summary>The parcel service's database alone, as one release of the service would open it, for schema upgrade tests.</summary>
public static class ParcelServices
{
    public static ServiceProvider For<TContext>(TestDatabase database)
        where TContext : DbContext
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(database.Settings()).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(new TestService(database.Service));
        services.AddServiceDatabase<TContext>(database.Service);
        services.ConfigureDbContext<TContext>(builder => builder.ReplaceService<IModelCacheKeyFactory, ServiceModelCacheKeyFactory>());
        return services.BuildServiceProvider();
    }
}
