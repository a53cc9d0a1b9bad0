using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sagas.Outbox.Delivery;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>
/// A graceful stop produces what is already committed and records it before the host has stopped, leaving nothing for
/// a sweep. And shutdown orders the service cannot choose: a web host under WebApplicationFactory is stopped by the
/// factory while the entry point's RunAsync stops and disposes it, so a late StopAsync, past the stop timeout, can
/// reach a disposed service.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_delivery_service_stops(KafkaFixture kafka)
{
    [Fact]
    public async Task What_was_committed_is_produced_and_deleted_before_the_host_has_stopped()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("stopping"));
        var sagas = Enumerable.Range(0, 20).Select(_ => NewId.NextGuid()).ToList();
        foreach (var sagaId in sagas)
            await host.Send(sagaId, 1, 2);

        await host.Stop();

        Assert.Empty(await host.Rows());
        Assert.Equal(sagas.Count * 2, host.Produced().Count);
    }

    [Fact]
    public async Task A_stop_after_dispose_with_the_stop_timeout_passed_completes_quietly()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), kafka.CreateTopic("late-stop"));
        await host.Send(NewId.NextGuid(), 1);
        var delivery = host.Services.GetServices<IHostedService>().OfType<OutboxDeliveryService<ParcelDbContext>>().Single();

        delivery.Dispose();
        await delivery.StopAsync(new CancellationToken(canceled: true));

        // The service's loop ends without a fault once it is disposed.
        await delivery.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
