using Sagas.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>A real bus (in-memory transport) with the Kafka rider, started and stopped within bounds.</summary>
public sealed class TestBus : IAsyncDisposable
{
    readonly ServiceProvider _provider;
    readonly IBusControl _bus;
    bool _stopped;

    TestBus(ServiceProvider provider)
    {
        _provider = provider;
        _bus = provider.GetRequiredService<IBusControl>();
    }

    public IServiceProvider Services => _provider;

    public IKafkaProducer Producer => _provider.GetRequiredService<IKafkaProducer>();

    /// <summary>Builds and starts a bus whose rider is configured by <paramref name="configure"/>.</summary>
    public static async Task<TestBus> Start(KafkaClusterFixture kafka, KafkaOptions options, Action<IRiderRegistrationContext, IKafkaFactoryConfigurator> configure,
        Action<IServiceCollection>? services = null, Action<IBusRegistrationConfigurator>? bus = null)
    {
        var collection = new ServiceCollection();
        collection.AddTestLogging();
        collection.AddSingleton<IOptions<KafkaOptions>>(Microsoft.Extensions.Options.Options.Create(options));
        collection.AddSingleton(kafka.Cluster);
        services?.Invoke(collection);
        collection.AddMassTransit(x =>
        {
            bus?.Invoke(x);
            x.AddRider(rider => rider.UsingKafka(configure));
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });

        var testBus = new TestBus(collection.BuildServiceProvider());
        await Wait.Bounded(testBus._bus.StartAsync(), "the bus started");
        return testBus;
    }

    public async Task Stop()
    {
        if (_stopped)
            return;
        _stopped = true;
        await Wait.Bounded(_bus.StopAsync(), "the bus stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        await _provider.DisposeAsync();
    }
}
