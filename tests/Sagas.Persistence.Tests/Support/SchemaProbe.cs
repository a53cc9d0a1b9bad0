using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Persistence.Tests.Support;

/// <summary>Reads what a schema run left behind: the recorded versions and whether a table exists.</summary>
public static class SchemaProbe
{
    public static async Task<List<int>> Versions<TContext>(IServiceProvider services)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var table = context.Database.IsSqlite() ? "\"__SchemaVersions\"" : $"\"{context.Model.GetDefaultSchema()}\".\"__SchemaVersions\"";
        var sql = $"SELECT \"Version\" AS \"Value\" FROM {table} ORDER BY \"Version\"";
        return await context.Database.SqlQueryRaw<int>(sql).ToListAsync();
    }

    public static async Task<bool> TableExists<TContext>(IServiceProvider services, string table)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var count = context.Database.IsSqlite()
            ? await context.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}").SingleAsync()
            : await context.Database.SqlQuery<int>(
                $"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {context.Model.GetDefaultSchema()} AND table_name = {table}")
                .SingleAsync();
        return count == 1;
    }
}
