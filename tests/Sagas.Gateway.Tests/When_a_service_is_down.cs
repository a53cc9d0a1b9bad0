using System.Net;
using System.Net.Http.Json;

namespace Sagas.Gateway.Tests;

public sealed class When_a_service_is_down : IAsyncLifetime
{
    readonly GatewayUnderTest _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task Every_request_goes_to_the_orchestrator_replica_still_up()
    {
        await _gateway.OrchestratorB.StopAsync();

        for (var i = 0; i < 10; i++)
        {
            using var response = await _gateway.Client.PostAsJsonAsync("/api/transfers/", new { attempt = i });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var echo = await response.Content.ReadFromJsonAsync<FakeService.Echo>();
            Assert.Equal(_gateway.OrchestratorA.Name, echo!.Service);
            Assert.Equal($$"""{"attempt":{{i}}}""", echo.Body);
        }
    }

    [Fact]
    public async Task A_replica_that_is_not_ready_is_left_out_until_it_is()
    {
        _gateway.OrchestratorB.Ready = false;
        Assert.True(await ServedOnlyBy(_gateway.OrchestratorA), "orchestrator-b still served requests after failing its probes");

        _gateway.OrchestratorB.Ready = true;
        Assert.True(await ServedBoth(), "orchestrator-b served no request after passing its probes again");
    }

    [Fact]
    public async Task A_path_of_the_stopped_ledger_answers_503_problem_details_naming_it()
    {
        await _gateway.Ledger.StopAsync();

        using var response = await _gateway.Client.GetAsync("/api/accounts/x");

        await AssertUnavailable(response, "ledger");
    }

    [Fact]
    public async Task A_service_that_does_not_answer_in_time_answers_503_problem_details_naming_it()
    {
        using var response = await _gateway.Client.GetAsync("/api/inventory/slow");

        await AssertUnavailable(response, "inventory");
    }

    [Fact]
    public async Task The_other_services_still_answer()
    {
        await _gateway.Ledger.StopAsync();

        using var response = await _gateway.Client.GetAsync("/api/inventory/sku-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Whether, within a few seconds, ten requests in a row all go to <paramref name="replica"/>.</summary>
    async Task<bool> ServedOnlyBy(FakeService replica) =>
        await Eventually(async () => (await ServedBy(10)).All(name => name == replica.Name));

    async Task<bool> ServedBoth() => await Eventually(async () => (await ServedBy(10)).Distinct().Count() == 2);

    async Task<List<string>> ServedBy(int requests)
    {
        var names = new List<string>();
        for (var i = 0; i < requests; i++)
            names.Add((await _gateway.Client.GetFromJsonAsync<FakeService.Echo>($"/api/orders/{Guid.NewGuid()}"))!.Service);
        return names;
    }

    /// <summary>Polls <paramref name="condition"/> for up to five seconds, many probe intervals.</summary>
    static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!deadline.IsCancellationRequested)
        {
            if (await condition())
                return true;
            await Task.Delay(GatewayUnderTest.HealthProbeInterval, CancellationToken.None);
        }
        return false;
    }

    static async Task AssertUnavailable(HttpResponseMessage response, string service)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Problem>();
        Assert.Equal("Service unavailable", problem!.Title);
        Assert.Equal(503, problem.Status);
        Assert.Contains($"The {service} service", problem.Detail, StringComparison.Ordinal);
    }
}
