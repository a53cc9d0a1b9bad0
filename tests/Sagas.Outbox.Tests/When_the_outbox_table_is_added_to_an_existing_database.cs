using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;
using Sagas.Outbox.Tests.Support;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// A service database created at version 1 without the outbox gets the table from <see cref="OutboxSchema.CreateTable"/>
/// as its version 2, and the table then works as the model's would: rows are written, claimed and read back.
/// </summary>
public sealed class When_the_outbox_table_is_added_to_an_existing_database
{
    [Fact]
    public Task Version_two_adds_a_working_outbox_on_sqlite() => Upgrades(TestDatabase.Sqlite());

    [PostgresFact]
    public Task Version_two_adds_a_working_outbox_on_postgres() => Upgrades(TestDatabase.Postgres());

    static async Task Upgrades(TestDatabase database)
    {
        await using var _ = database;
        await using (var v1 = ParcelServices.For<ParcelV1Context>(database))
            Assert.Equal([new SchemaReport(database.Service, 0, 1)], await SchemaMigrator.ApplyAsync(v1));

        await using var v2 = ParcelServices.For<ParcelV2Context>(database);
        Assert.Equal([new SchemaReport(database.Service, 1, 2)], await SchemaMigrator.ApplyAsync(v2));

        var sagaId = NewId.NextGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var scope = v2.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParcelV2Context>();
            db.Set<OutboxMessage>().Add(OutboxMessage.ForRecord(new KafkaRecord("parcels", sagaId, [1, 2, 3], new Dictionary<string, string> { ["a"] = "b" }), now));
            await db.SaveChangesAsync();
        }

        await using (var scope = v2.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParcelV2Context>();
            var claimed = await db.Database.ExecuteSqlRawAsync(OutboxClaimStatement.For(db),
                ["relay", (now + TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), 10]);
            Assert.Equal(1, claimed);
            var row = await db.Set<OutboxMessage>().SingleAsync();
            Assert.Equal(("relay", sagaId, now.ToUnixTimeMilliseconds()), (row.ClaimedBy, row.SagaId, row.CreatedAt.ToUnixTimeMilliseconds()));
            Assert.Equal(new KafkaRecord("parcels", sagaId, [1, 2, 3], new Dictionary<string, string> { ["a"] = "b" }).Headers, row.ToRecord().Headers);
        }
    }
}
