using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Outbox.Tests.Support;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// The first release indexed claims by owner alone, and rows keep their owner once delivered, so every relay round
/// walked all the rows its relay had delivered within the retention. <see cref="OutboxSchema.IndexClaimsByLease"/>
/// replaces that index on a database that has it and leaves a newer table as it is.
/// </summary>
public sealed class When_the_claim_index_is_upgraded
{
    [Fact]
    public Task A_first_release_table_gets_the_owner_and_lease_index_on_sqlite() => ReplacesFirstIndex(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_first_release_table_gets_the_owner_and_lease_index_on_postgres() => ReplacesFirstIndex(TestDatabase.Postgres());

    [Fact]
    public Task A_table_created_with_the_new_index_upgrades_unchanged_on_sqlite() => KeepsNewTable(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_table_created_with_the_new_index_upgrades_unchanged_on_postgres() => KeepsNewTable(TestDatabase.Postgres());

    static async Task ReplacesFirstIndex(TestDatabase database)
    {
        await using var _ = database;
        await using (var v1 = ParcelServices.For<ParcelV1Context>(database))
            await SchemaMigrator.ApplyAsync(v1);
        await using (var v2 = ParcelServices.For<ParcelV2Context>(database))
        {
            await SchemaMigrator.ApplyAsync(v2);
            await AsFirstReleased(v2, database);
            Assert.Equal(["IX_Outbox_ClaimedBy", "IX_Outbox_DeliveredAt_Id", "IX_Outbox_SagaId_Id"], await OutboxIndexes<ParcelV2Context>(v2, database));
        }

        await using var v3 = ParcelServices.For<ParcelV3Context>(database);
        Assert.Equal([new SchemaReport(database.Service, 2, 3)], await SchemaMigrator.ApplyAsync(v3));
        Assert.Equal([OutboxSchema.ClaimIndex, "IX_Outbox_DeliveredAt_Id", "IX_Outbox_SagaId_Id"], await OutboxIndexes<ParcelV3Context>(v3, database));
    }

    static async Task KeepsNewTable(TestDatabase database)
    {
        await using var _ = database;
        await using (var v1 = ParcelServices.For<ParcelV1Context>(database))
            await SchemaMigrator.ApplyAsync(v1);

        await using var v3 = ParcelServices.For<ParcelV3Context>(database);
        Assert.Equal([new SchemaReport(database.Service, 1, 3)], await SchemaMigrator.ApplyAsync(v3));
        Assert.Equal([OutboxSchema.ClaimIndex, "IX_Outbox_DeliveredAt_Id", "IX_Outbox_SagaId_Id"], await OutboxIndexes<ParcelV3Context>(v3, database));
    }

    /// <summary>Puts back the first release's index, as a database created before the change has it.</summary>
    static async Task AsFirstReleased(IServiceProvider services, TestDatabase database)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParcelV2Context>();
        var schema = database.Provider == DatabaseProvider.PostgreSql ? $"\"{database.Service}\"." : "";
        var firstReleased = $"""
            DROP INDEX {schema}"{OutboxSchema.ClaimIndex}";
            CREATE INDEX "IX_Outbox_ClaimedBy" ON {schema}"Outbox" ("ClaimedBy");
            """;
        await db.Database.ExecuteSqlRawAsync(firstReleased);
    }

    static async Task<List<string>> OutboxIndexes<TContext>(IServiceProvider services, TestDatabase database)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sql = database.Provider == DatabaseProvider.PostgreSql
            ? $"""SELECT indexname AS "Value" FROM pg_indexes WHERE schemaname = '{database.Service}' AND tablename = 'Outbox' AND indexname <> 'PK_Outbox'"""
            : """SELECT name AS "Value" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Outbox' AND name NOT LIKE 'sqlite_autoindex%'""";
        return [.. (await db.Database.SqlQueryRaw<string>(sql).ToListAsync()).Order(StringComparer.Ordinal)];
    }
}
