using Sagas.Testing;
using System.Net;
using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Health;

/// <summary>Not in the cluster collection: it talks to an address where no broker listens.</summary>
public sealed class When_the_cluster_is_unreachable_at_start : IAsyncLifetime
{
    ServiceProvider _provider = null!;
    IBusControl _bus = null!;
    Task _start = null!;

    public Task InitializeAsync()
    {
        var options = new KafkaOptions
        {
            BootstrapServers = $"127.0.0.1:{UnusedPort()}",
            StartTimeout = TimeSpan.FromSeconds(2),
            ProvisioningTimeout = TimeSpan.FromSeconds(1),
            HealthProbeInterval = TimeSpan.FromMilliseconds(200),
            HealthProbeTimeout = TimeSpan.FromMilliseconds(500),
        };

        var services = new ServiceCollection();
        services.AddTestLogging();
        services.AddSingleton<IOptions<KafkaOptions>>(Options.Create(options));
        services.AddMassTransit(x =>
        {
            x.AddRider(rider => rider.UsingKafka((_, k) => k.TopicEndpoint("nowhere.events", "nowhere-group", e => e.Handler<Messages.Pong>(_ => Task.CompletedTask))));
            x.UsingInMemory();
        });

        _provider = services.BuildServiceProvider();
        _bus = _provider.GetRequiredService<IBusControl>();
        _start = _bus.StartAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Wait.Bounded(_bus.StopAsync(), "the bus stopped");
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Bus_start_completes_within_its_bound() => await Wait.Bounded(_start, "the bus started", TimeSpan.FromSeconds(20));

    [Fact]
    public async Task The_health_check_reports_unhealthy()
    {
        await Wait.Bounded(_start, "the bus started", TimeSpan.FromSeconds(20));
        var result = await _provider.GetRequiredService<KafkaHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
