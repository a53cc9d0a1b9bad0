using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Sagas.Inventory;
using Sagas.Ledger;
using Sagas.Notify;
using Sagas.Persistence;
using Sagas.Shipping;

namespace Sagas.Workers.Tests;

/// <summary>No SQL Server runs here, so its DDL is checked as generated SQL (PostgreSQL alongside, for the same mapping).</summary>
public sealed class When_worker_tables_are_created_on_server_databases
{
    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "[ledger].[Accounts]", "decimal(28,4)")]
    [InlineData(DatabaseProvider.PostgreSql, "ledger.\"Accounts\"", "numeric(28,4)")]
    public void The_ledger_keeps_its_tables_in_its_schema_with_exact_money_columns(DatabaseProvider provider, string accounts, string money)
    {
        var script = CreateScript<LedgerDbContext>(provider, LedgerDbContext.Service, options => new LedgerDbContext(options));

        Assert.Contains(accounts, script, StringComparison.Ordinal);
        Assert.Contains(money, script, StringComparison.Ordinal);
        Assert.DoesNotContain("float", script, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("double", script, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void Every_other_worker_keeps_its_tables_in_its_own_schema(DatabaseProvider provider)
    {
        Assert.Contains("inventory", CreateScript<InventoryDbContext>(provider, InventoryDbContext.Service, o => new InventoryDbContext(o)),
            StringComparison.Ordinal);
        Assert.Contains("shipping", CreateScript<ShippingDbContext>(provider, ShippingDbContext.Service, o => new ShippingDbContext(o)),
            StringComparison.Ordinal);
        Assert.Contains("notify", CreateScript<NotifyDbContext>(provider, NotifyDbContext.Service, o => new NotifyDbContext(o)),
            StringComparison.Ordinal);
    }

    static string CreateScript<TContext>(DatabaseProvider provider, string service, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
    {
        var persistence = new PersistenceOptions { Provider = provider, ConnectionString = "Host=unused;Server=unused;Database=unused" };
        var builder = new DbContextOptionsBuilder<TContext>();
        builder.UseServiceDatabase(persistence, new ConfigurationBuilder().Build(), service);
        using var context = create(builder.Options);
        return context.Database.GenerateCreateScript();
    }
}
