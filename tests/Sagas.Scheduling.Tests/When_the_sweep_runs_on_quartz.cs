using System.Text;
using MassTransit;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary><c>AddOutboxScheduling</c> has Quartz sweep the outbox: a scheduled row goes out once it is due, and is deleted.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_sweep_runs_on_quartz(KafkaFixture kafka)
{
    [Fact]
    public async Task A_due_row_is_delivered_from_the_in_memory_store()
    {
        using var directory = new TemporaryDirectory();
        await DeliversWhenDue(JobStoreSettings.InMemory(directory.Path));
    }

    [Fact]
    public async Task A_due_row_is_delivered_from_the_sqlite_store()
    {
        using var directory = new TemporaryDirectory();
        await DeliversWhenDue(JobStoreSettings.Sqlite(directory.Path));
    }

    async Task DeliversWhenDue(Dictionary<string, string?> store)
    {
        var topic = kafka.CreateTopic("due");
        await using var host = await TimeoutHost.StartScheduler(kafka, store.Quick(), topic);
        var (due, later, laterToken) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        await host.Schedule(later, laterToken, DateTimeOffset.UtcNow.AddHours(1));
        await host.Schedule(due, NewId.NextGuid(), DateTimeOffset.UtcNow.AddMilliseconds(300));

        await Eventually.Until(async () => (await host.Rows()).Count == 1, "the due row is delivered and deleted");

        Assert.Equal([due.ToString("D")], host.Produced().Select(record => Encoding.UTF8.GetString(record.Message.Key)));
        Assert.Equal(laterToken, Assert.Single(await host.Rows()).TokenId);
    }
}
