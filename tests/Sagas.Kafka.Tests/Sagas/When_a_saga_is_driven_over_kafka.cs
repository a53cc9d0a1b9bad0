using Sagas.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Sagas;

/// <summary>
/// The registration pattern for sagas on Kafka: registered on the bus (so the harness and the repository see it),
/// excluded from bus endpoints, and configured on the topic endpoint with <c>ConfigureBusSaga</c>.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_saga_is_driven_over_kafka(KafkaClusterFixture kafka) : IAsyncLifetime
{
    readonly string _topic = KafkaClusterFixture.UniqueTopic("parcels");
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddTestLogging();
        services.AddSingleton<IOptions<KafkaOptions>>(Options.Create(kafka.Options()));
        services.AddSingleton(kafka.Cluster);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(20));
            x.AddSagaStateMachine<ParcelStateMachine, ParcelState>().ExcludeFromConfigureEndpoints();
            x.AddRider(rider => rider.UsingKafka((context, k) =>
                k.TopicEndpoint(_topic, "parcel-sagas", e =>
                {
                    e.UseMessageRetry(r => r.Immediate(2));
                    e.ConfigureBusSaga<ParcelState>(context);
                })));
        });

        _provider = services.BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await Wait.Bounded(_harness.Start(), "the harness started");
    }

    public async Task DisposeAsync()
    {
        await Wait.Bounded(_harness.Stop(), "the harness stopped");
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Records_move_the_saga_through_its_states()
    {
        var parcel = Guid.NewGuid();
        var producer = _provider.GetRequiredService<IKafkaProducer>();
        await producer.Produce(_topic, parcel, new ParcelShipped(parcel, "Lisbon"));
        await producer.Produce(_topic, parcel, new ParcelDelivered(parcel));

        var sagas = _harness.GetSagaStateMachineHarness<ParcelStateMachine, ParcelState>();
        var machine = _provider.GetRequiredService<ParcelStateMachine>();
        Assert.NotNull(await sagas.Exists(parcel, machine.Arrived));
        Assert.Equal("Lisbon", sagas.Sagas.Contains(parcel)?.Destination);
    }

    [Fact]
    public async Task The_harness_sees_what_the_saga_consumed()
    {
        var parcel = Guid.NewGuid();
        await _provider.GetRequiredService<IKafkaProducer>().Produce(_topic, parcel, new ParcelShipped(parcel, "Porto"));

        var sagas = _harness.GetSagaStateMachineHarness<ParcelStateMachine, ParcelState>();
        Assert.True(await sagas.Consumed.Any<ParcelShipped>(x => x.Context.Message.CorrelationId == parcel));
        Assert.True(await _harness.Consumed.Any<ParcelShipped>(x => x.Context.Message.CorrelationId == parcel));
    }
}
