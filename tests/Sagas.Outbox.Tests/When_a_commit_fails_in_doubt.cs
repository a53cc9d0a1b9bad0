using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// A transaction that wrote an outbox row commits, but the database goes away before it answers: the writer sees a
/// failure, yet the row exists, claimed by this process's publisher, which never produces it. It is released to the sweep
/// as soon as the database answers again, instead of waiting for its claim to end, and delivered once.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_commit_fails_in_doubt(KafkaFixture kafka)
{
    [Fact]
    public async Task Its_rows_go_to_the_sweep_at_once_rather_than_after_the_lease()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("in-doubt");
        var commits = new LostCommitAnswers();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), topic,
            configure: services => services.ConfigureDbContext<ParcelDbContext>((_, options) => options.AddInterceptors(commits)));
        var sagaId = NewId.NextGuid();

        commits.Armed = true;
        await Assert.ThrowsAsync<SqliteException>(() => host.Send(sagaId, 1));
        commits.Armed = false;

        var released = await Eventually.Value(host.Rows, rows => rows.Count == 1 && rows[0].ClaimedBy is null, "the in-doubt row was released");
        Assert.True(released[0].NextAttemptAt <= DateTimeOffset.UtcNow, "The released row is due now.");
        await host.SweepUntil(async () => (await host.Rows()).Count == 0, "a sweep delivered the released row");
        Assert.Equal([1], host.Produced().Select(record => record.Step));
    }
}
