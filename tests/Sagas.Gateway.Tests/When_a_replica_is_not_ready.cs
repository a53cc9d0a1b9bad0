using System.Net.Http.Json;

namespace Sagas.Gateway.Tests;

public sealed class When_a_replica_is_not_ready : IAsyncLifetime
{
    static readonly TimeSpan HealthProbeInterval = TimeSpan.FromMilliseconds(100);

    readonly GatewayUnderTest _gateway = new(healthProbeInterval: HealthProbeInterval);

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task It_is_left_out_until_its_probes_pass_again()
    {
        _gateway.OrchestratorB.Ready = false;
        Assert.True(await Eventually(async () => (await ServedBy(10)).All(name => name == _gateway.OrchestratorA.Name)),
            "orchestrator-b still served requests after failing its probes");

        _gateway.OrchestratorB.Ready = true;
        Assert.True(await Eventually(async () => (await ServedBy(10)).Distinct().Count() == 2),
            "orchestrator-b served no request after passing its probes again");
    }

    async Task<List<string>> ServedBy(int requests)
    {
        var names = new List<string>();
        for (var i = 0; i < requests; i++)
            names.Add((await _gateway.Client.GetFromJsonAsync<FakeService.Echo>($"/api/orders/{Guid.NewGuid()}"))!.Service);
        return names;
    }

    /// <summary>Polls <paramref name="condition"/> for up to ten seconds, a hundred probe intervals.</summary>
    static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!deadline.IsCancellationRequested)
        {
            if (await condition())
                return true;
            await Task.Delay(HealthProbeInterval, CancellationToken.None);
        }
        return false;
    }
}
