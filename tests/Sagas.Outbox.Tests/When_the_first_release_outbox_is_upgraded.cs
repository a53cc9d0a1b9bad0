using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sagas.Kafka;
using Sagas.Outbox.Tests.Support;
using Sagas.Persistence;
using Sagas.Persistence.Schema;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// A database whose outbox has the first release's shape (schema steps <see cref="OutboxSchema.CreateFirstReleaseTable"/>
/// and <see cref="OutboxSchema.IndexClaimsByLease"/>) is rebuilt by <see cref="OutboxSchema.ReplaceFirstRelease"/>: records
/// not yet produced stay records (unclaimed), timeouts not yet handed to Quartz become scheduled rows, and what was
/// delivered and the requests to cancel a timeout are gone. The table then works like a new database's.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_first_release_outbox_is_upgraded(KafkaFixture kafka)
{
    const int Record = 0;
    const int ScheduleTimeout = 1;
    const int CancelTimeout = 2;
    static readonly string[] TodaysIndexes = [OutboxSchema.ClaimIndex, OutboxSchema.DueIndex, OutboxSchema.SagaIndex, OutboxSchema.TokenIndex];
    readonly FakeTimeProvider _time = TestClock.Now();

    [Fact]
    public Task The_rows_still_to_deliver_are_carried_over_on_sqlite() => CarriesOver(TestDatabase.Sqlite());

    [PostgresFact]
    public Task The_rows_still_to_deliver_are_carried_over_on_postgres() => CarriesOver(TestDatabase.Postgres());

    [Fact]
    public Task A_new_database_gets_todays_table_at_the_last_version_on_sqlite() => CreatesToday(TestDatabase.Sqlite());

    [PostgresFact]
    public Task A_new_database_gets_todays_table_at_the_last_version_on_postgres() => CreatesToday(TestDatabase.Postgres());

    async Task CarriesOver(TestDatabase database)
    {
        await using var _ = database;
        var topic = kafka.CreateTopic("upgraded");
        var now = _time.GetUtcNow();
        var (sent, scheduled) = (NewId.NextGuid(), NewId.NextGuid());
        var (pendingToken, handedOverToken) = (NewId.NextGuid(), NewId.NextGuid());
        await using (var v1 = ParcelServices.For<ParcelV1Context>(database))
            await SchemaMigrator.ApplyAsync(v1);
        await using (var firstRelease = ParcelServices.For<ParcelFirstReleaseContext>(database))
        {
            Assert.Equal([new SchemaReport(database.Service, 1, 3)], await SchemaMigrator.ApplyAsync(firstRelease));
            await InsertFirstReleaseRows(firstRelease, database,
                // Delivered: gone.
                new(sent, Record, await Step(topic, sent, 0), Created: now.AddMinutes(-9), DeliveredAt: now.AddMinutes(-8)),
                // Not produced yet, held by a relay of the first release whose claim has not ended: carried over, unclaimed.
                new(sent, Record, await Step(topic, sent, 1), Created: now.AddMinutes(-2), Attempts: 2, NextAttemptAt: now.AddMinutes(-1),
                    ClaimedBy: "first-release-relay", ClaimedUntil: now.AddMinutes(1)),
                // A timeout handed to Quartz: its job store keeps it, the row goes.
                new(scheduled, ScheduleTimeout, await Step(topic, scheduled, 8), handedOverToken, DueAt: now.AddHours(1), Created: now.AddMinutes(-2),
                    DeliveredAt: now.AddMinutes(-2)),
                new(scheduled, CancelTimeout, null, handedOverToken, Created: now.AddMinutes(-1)),
                // A timeout not yet handed over: a scheduled row, due when it was; headers the first release left out become empty.
                new(scheduled, ScheduleTimeout, await Step(topic, scheduled, 9), pendingToken, DueAt: now.AddHours(1), Created: now.AddMinutes(-1),
                    NoHeaders: true),
                new(sent, Record, await Step(topic, sent, 2), Created: now.AddMinutes(-1)));
        }

        await using (var today = ParcelServices.For<ParcelDbContext>(database))
            Assert.Equal([new SchemaReport(database.Service, 3, 4)], await SchemaMigrator.ApplyAsync(today));

        await using var host = await OutboxHost.WithoutDelivery(kafka, OutboxHost.Settings(database), topic, _time);
        var rows = await host.Rows();
        Assert.Equal([(sent, null, 1), (scheduled, pendingToken, 9), (sent, null, 2)], rows.Select(row => (row.SagaId, row.TokenId, TopicRecords.StepOf(row.Value))));
        Assert.All(rows, row => Assert.Equal((null, null), (row.ClaimedBy, row.ClaimedUntil)));
        Assert.Equal((2, now.AddMinutes(-1).ToUnixTimeMilliseconds()), (rows[0].Attempts, rows[0].NextAttemptAt.ToUnixTimeMilliseconds()));
        Assert.Equal(now.AddHours(1).ToUnixTimeMilliseconds(), rows[1].NextAttemptAt.ToUnixTimeMilliseconds());
        Assert.Empty(rows[1].ToRecord().Headers);
        Assert.Equal(sent.ToString("D"), rows[0].ToRecord().Headers[KafkaHeaders.CorrelationId]);
        Assert.Equal(TodaysIndexes, await OutboxIndexes(host.Services, database));

        // The table works as a new one: what was waiting goes out, each saga in order, the timeout when due.
        Assert.Equal(2, await host.Sweeper.Sweep(CancellationToken.None));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await host.Sweeper.Sweep(CancellationToken.None));
        Assert.Equal([(sent, 1), (sent, 2), (scheduled, 9)], host.Produced().Select(record => (record.SagaId, record.Step)));
        await host.Send(sent, 3);
        Assert.True(Assert.Single(await host.Rows()).Id > rows[^1].Id);
    }

    async Task CreatesToday(TestDatabase database)
    {
        await using var _ = database;
        await using var today = ParcelServices.For<ParcelDbContext>(database);

        Assert.Equal([new SchemaReport(database.Service, 0, 4)], await SchemaMigrator.ApplyAsync(today));
        Assert.Equal(TodaysIndexes, await OutboxIndexes(today, database));
    }

    /// <summary>A row as the first release wrote it (Kind 0 a record, 1 a timeout to schedule, 2 a request to cancel one).</summary>
    sealed record FirstReleaseRow(Guid SagaId, int Kind, KafkaRecord? Record, Guid? TokenId = null, DateTimeOffset? DueAt = null,
        DateTimeOffset Created = default, int Attempts = 0, DateTimeOffset? NextAttemptAt = null, string? ClaimedBy = null,
        DateTimeOffset? ClaimedUntil = null, DateTimeOffset? DeliveredAt = null, bool NoHeaders = false);

    static Task<KafkaRecord> Step(string topic, Guid sagaId, int step) =>
        KafkaRecords.Serialize(topic, new ParcelMoved(sagaId, step), pipe: null, sourceAddress: null, CancellationToken.None);

    static async Task InsertFirstReleaseRows(IServiceProvider services, TestDatabase database, params FirstReleaseRow[] rows)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParcelFirstReleaseContext>();
        var table = database.Provider == DatabaseProvider.PostgreSql ? $"\"{database.Service}\".\"Outbox\"" : "\"Outbox\"";
        foreach (var row in rows)
        {
            object?[] values =
            [
                row.SagaId, row.Kind, row.Record?.Topic, row.Record?.Value,
                row.Record is null || row.NoHeaders ? null : System.Text.Json.JsonSerializer.Serialize(row.Record.Headers),
                row.TokenId, row.DueAt?.ToUnixTimeMilliseconds(), row.Created.ToUnixTimeMilliseconds(), row.Attempts,
                (row.NextAttemptAt ?? row.Created).ToUnixTimeMilliseconds(), row.ClaimedBy, row.ClaimedUntil?.ToUnixTimeMilliseconds(),
                row.DeliveredAt?.ToUnixTimeMilliseconds(),
            ];
            // NULLs are written as literals: a provider cannot type a parameter that carries no value.
            var parameters = new List<object>();
            var placeholders = values.Select(value =>
            {
                if (value is null)
                    return "NULL";
                parameters.Add(value);
                return $"{{{parameters.Count - 1}}}";
            }).ToList();
            var insert = $"""
                INSERT INTO {table} ("SagaId", "Kind", "Topic", "Value", "Headers", "TokenId", "DueAt", "CreatedAt", "Attempts", "NextAttemptAt",
                                     "ClaimedBy", "ClaimedUntil", "DeliveredAt")
                VALUES ({string.Join(", ", placeholders)})
                """;
            await db.Database.ExecuteSqlRawAsync(insert, parameters);
        }
    }

    static async Task<List<string>> OutboxIndexes(IServiceProvider services, TestDatabase database)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParcelDbContext>();
        var sql = database.Provider == DatabaseProvider.PostgreSql
            ? $"""SELECT indexname AS "Value" FROM pg_indexes WHERE schemaname = '{database.Service}' AND tablename = 'Outbox' AND indexname <> 'PK_Outbox'"""
            : """SELECT name AS "Value" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Outbox' AND name NOT LIKE 'sqlite_autoindex%'""";
        return [.. (await db.Database.SqlQueryRaw<string>(sql).ToListAsync()).Order(StringComparer.Ordinal)];
    }
}
