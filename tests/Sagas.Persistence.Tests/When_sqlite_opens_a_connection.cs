using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Persistence.Tests.Support;

namespace Sagas.Persistence.Tests;

public sealed class When_sqlite_opens_a_connection
{
    /// <summary>Every open, a reopened pooled connection included, waits in SQLite's busy handler for the configured time.</summary>
    [Fact]
    public async Task It_carries_the_configured_busy_timeout()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = database.Services<CounterDbContext>(database.NewService(), sqliteBusyTimeout: TimeSpan.FromMilliseconds(4321))
            .BuildServiceProvider();

        for (var open = 0; open < 2; open++)
        {
            await using var scope = host.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await context.Database.OpenConnectionAsync();
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(4321L, await command.ExecuteScalarAsync());
            await context.Database.CloseConnectionAsync();
        }
    }
}
