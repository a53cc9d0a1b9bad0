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
    public async Task A_path_of_the_stopped_ledger_answers_503_problem_details_naming_it()
    {
        await _gateway.Ledger.StopAsync();

        using var response = await _gateway.Client.GetAsync("/api/accounts/x");

        await AssertUnavailable(response, "ledger");
    }

    [Fact]
    public async Task The_other_services_still_answer()
    {
        await _gateway.Ledger.StopAsync();

        using var response = await _gateway.Client.GetAsync("/api/inventory/sku-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task AssertUnavailable(HttpResponseMessage response, string service)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Problem>();
        Assert.Equal("Service unavailable", problem!.Title);
        Assert.Equal(503, problem.Status);
        Assert.Contains($"The {service} service", problem.Detail, StringComparison.Ordinal);
    }
}
