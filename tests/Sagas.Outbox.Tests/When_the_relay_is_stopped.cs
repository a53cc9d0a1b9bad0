using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sagas.Outbox.Tests.Support;

namespace Sagas.Outbox.Tests;

/// <summary>
/// Shutdown orders the relay cannot choose: a web host under WebApplicationFactory is stopped by the factory while the
/// entry point's RunAsync stops and disposes it, so a late StopAsync, past the stop timeout, can reach a disposed relay.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_the_relay_is_stopped(KafkaFixture kafka)
{
    [Fact]
    public async Task A_stop_after_dispose_with_the_stop_timeout_passed_completes_quietly()
    {
        await using var database = TestDatabase.Sqlite();
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, kafka.CreateTopic("late-stop")));
        await host.Send(NewId.NextGuid(), 1);
        await host.AllDelivered(1);
        var relay = host.Services.GetServices<IHostedService>().OfType<OutboxRelay<ParcelDbContext>>().Single();

        relay.Dispose();
        await relay.StopAsync(new CancellationToken(canceled: true));

        // The relay's loop ends without a fault once it is disposed.
        await relay.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
