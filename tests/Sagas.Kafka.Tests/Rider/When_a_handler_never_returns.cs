using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

/// <summary>A handler stuck for an hour, deaf to cancellation, must not keep its endpoint from stopping.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_handler_never_returns(KafkaClusterFixture kafka)
{
    static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task The_endpoint_stops_after_the_drain_timeout()
    {
        var topic = KafkaClusterFixture.UniqueTopic("stuck-handler");
        var log = new ProcessingLog { Work = TimeSpan.FromHours(1) };
        var bus = await TestBus.Start(kafka, kafka.Options(o => o.DrainTimeout = DrainTimeout),
            (context, k) => k.TopicEndpoint(topic, $"stuck.{Guid.NewGuid():N}", e => e.ConfigureBusConsumer<NumberedConsumer>(context)),
            services => services.AddSingleton(log).AddSingleton(new BusName("stuck")),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());
        await NumberedRecords.Produce(bus.Producer, topic, keys: 1, perKey: 1);
        await Wait.Until(() => log.InFlight == 1, "the handler started");

        // Not a performance bound: without one, the stop waits out the handler's hour.
        await bus.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, log.InFlight);
    }
}
