using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

/// <summary>
/// A PostgreSQL connection going back to the pool is not reset with DISCARD ALL (a round trip per use; nothing we run
/// leaves session state), unless the configured connection string says otherwise. Only options are built: no server.
/// </summary>
public sealed class When_postgres_connections_are_pooled
{
    [Fact]
    public void They_skip_the_reset_by_default() =>
        Assert.True(ConnectionOf("Host=db.example;Database=sagas;Username=app").NoResetOnClose);

    [Fact]
    public void A_connection_string_that_asks_for_the_reset_keeps_it() =>
        Assert.False(ConnectionOf("Host=db.example;Database=sagas;Username=app;No Reset On Close=false").NoResetOnClose);

    static NpgsqlConnectionStringBuilder ConnectionOf(string configured)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["Persistence:ConnectionString"] = configured,
        }).Build());
        services.AddLogging();
        services.AddSingleton(new TestService("pooling"));
        services.AddServiceDatabase<CounterDbContext>("pooling");
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        return new NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<CounterDbContext>().Database.GetConnectionString());
    }
}
