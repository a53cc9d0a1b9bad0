using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Contracts.Inventory;
using Sagas.Inventory;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Testing;

namespace Sagas.Workers.Tests.Inventory;

/// <summary>
/// A database of the first release gets the sold count by schema step 2, the outbox by step 3 and the movement log by
/// step 4, which starts with the stock it held; what it held stays as it was.
/// </summary>
public sealed class When_the_inventory_schema_is_upgraded
{
    [Fact]
    public Task Stock_gains_a_sold_count_on_sqlite() => Upgrades(server: null);

    [PostgresFact]
    public async Task Stock_gains_a_sold_count_on_postgres()
    {
        await using var server = await PostgresDatabase.Create();
        await Upgrades(server.Settings);
    }

    static async Task Upgrades(Dictionary<string, string?>? server)
    {
        using var directory = new TemporaryDirectory();
        var settings = new Dictionary<string, string?>(server ?? []) { ["Persistence:DataDirectory"] = directory.Path };
        await using (var firstRelease = Database<InventoryFirstReleaseContext>(settings))
        {
            Assert.Equal([new SchemaReport(InventoryDbContext.Service, 0, 1)], await SchemaMigrator.ApplyAsync(firstRelease));
            await using var scope = firstRelease.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InventoryFirstReleaseContext>();
            db.Stock.Add(new StockLevel { Sku = "apple", Available = 6, Reserved = 4 });
            await db.SaveChangesAsync();
        }
        await using (var today = Database<InventoryDbContext>(settings))
            Assert.Equal([new SchemaReport(InventoryDbContext.Service, 1, 4)], await SchemaMigrator.ApplyAsync(today));

        await using var host = await WorkerHost.Start(settings: settings);
        Assert.Equal(new StockSnapshot("apple", 6, 4, 0), await host.StockOf("apple"));
        var orderId = Guid.NewGuid();
        await host.Send(new ReserveStock(orderId, [new StockItem("apple", 2)]));
        await host.Reply<StockReserved>(orderId);
        await host.Send(new SellStock(orderId));
        await host.Reply<StockSold>(orderId);
        Assert.Equal(new StockSnapshot("apple", 4, 4, 2), await host.StockOf("apple"));
        var log = await host.With<InventoryDbContext, List<StockMovement>>(db => db.Movements.AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        Assert.Equal([(StockMovementKind.Carried, 6, 4, 0), (StockMovementKind.Reserved, -2, 2, 0), (StockMovementKind.Sold, 0, -2, 2)],
            log.Select(m => (m.Kind, m.Available, m.Reserved, m.Sold)));
    }

    static ServiceProvider Database<TContext>(Dictionary<string, string?> settings)
        where TContext : Microsoft.EntityFrameworkCore.DbContext =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddServiceDatabase<TContext>(InventoryDbContext.Service)
            .BuildServiceProvider();
}
