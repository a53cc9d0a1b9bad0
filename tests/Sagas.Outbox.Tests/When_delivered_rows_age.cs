using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>Cleanup removes delivered rows past the retention period, and nothing else.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_delivered_rows_age(KafkaFixture kafka)
{
    [Fact]
    public async Task Only_delivered_rows_older_than_the_retention_are_removed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = TestDatabase.Sqlite();
        var settings = OutboxHost.Settings(database, kafka.CreateTopic("cleanup"), s => s["Outbox:Retention"] = "01:00:00");
        await using var host = await OutboxHost.Manual(kafka, settings, time);
        var (old, recent, pending) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        var relay = host.Delivery();

        await host.Send(old, 1, 2);
        await relay.RunAsync(CancellationToken.None, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(50));
        await host.Send(recent, 1);
        await relay.RunAsync(CancellationToken.None, CancellationToken.None);
        await host.Send(pending, 1);
        time.Advance(TimeSpan.FromMinutes(20));

        var removed = await ActivatorUtilities.CreateInstance<OutboxCleanup<ParcelDbContext>>(host.Services).RunAsync(CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal([recent, pending], (await host.Rows()).Select(row => row.SagaId));
    }
}
