using Microsoft.AspNetCore.Builder;

namespace Sagas.Gateway.Tests;

/// <summary>
/// The gateway on a real loopback port in front of fake services: two orchestrator replicas, a ledger and an inventory.
/// Each test gets its own, so stopping a service touches no other test.
/// </summary>
public sealed class GatewayUnderTest : IAsyncLifetime
{
    WebApplication? _gateway;

    public FakeService OrchestratorA { get; private set; } = null!;
    public FakeService OrchestratorB { get; private set; } = null!;
    public FakeService Ledger { get; private set; } = null!;
    public FakeService Inventory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    readonly TimeSpan _requestTimeout;
    readonly TimeSpan _healthProbeInterval;

    /// <param name="requestTimeout">How long a service may take before the gateway gives up on it.</param>
    /// <param name="healthProbeInterval">How often the gateway probes each destination's readiness.</param>
    /// <remarks>
    /// The defaults leave a loaded machine's slow first requests and probes enough room; the tests about timeouts and
    /// probes shorten them.
    /// </remarks>
    public GatewayUnderTest(TimeSpan? requestTimeout = null, TimeSpan? healthProbeInterval = null)
    {
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10);
        _healthProbeInterval = healthProbeInterval ?? TimeSpan.FromSeconds(5);
    }

    public async Task InitializeAsync()
    {
        FakeService[] services = await Task.WhenAll(FakeService.StartAsync("orchestrator-a"), FakeService.StartAsync("orchestrator-b"),
            FakeService.StartAsync("ledger"), FakeService.StartAsync("inventory"));
        (OrchestratorA, OrchestratorB, Ledger, Inventory) = (services[0], services[1], services[2], services[3]);

        _gateway = GatewayProgram.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            $"--Gateway:Services:orchestrator:0={OrchestratorA.Address}",
            $"--Gateway:Services:orchestrator:1={OrchestratorB.Address}",
            $"--Gateway:Services:ledger:0={Ledger.Address}",
            $"--Gateway:Services:inventory:0={Inventory.Address}",
            $"--Gateway:RequestTimeout={_requestTimeout}",
            $"--Gateway:HealthProbeInterval={_healthProbeInterval}",
        ]);
        await _gateway.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_gateway.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_gateway is not null)
        {
            await _gateway.StopAsync();
            await _gateway.DisposeAsync();
        }
        foreach (var service in new[] { OrchestratorA, OrchestratorB, Ledger, Inventory })
            await service.DisposeAsync();
    }
}
