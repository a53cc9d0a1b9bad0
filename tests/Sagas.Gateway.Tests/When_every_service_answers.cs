using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Sagas.Gateway.Tests;

public sealed class When_every_service_answers : IAsyncLifetime
{
    readonly GatewayUnderTest _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    /// <summary>Every endpoint of the public API (src/Sagas.Orchestrator/Api), and the OpenAPI document.</summary>
    [Theory]
    [InlineData("POST", "/api/transfers/", "orchestrator")]
    [InlineData("GET", "/api/transfers/6f1c54f2-3a4b-4d0e-9a51-2f0d7c8e9b10", "orchestrator")]
    [InlineData("POST", "/api/orders/", "orchestrator")]
    [InlineData("GET", "/api/orders/6f1c54f2-3a4b-4d0e-9a51-2f0d7c8e9b10", "orchestrator")]
    [InlineData("POST", "/api/orders/6f1c54f2-3a4b-4d0e-9a51-2f0d7c8e9b10/cancel", "orchestrator")]
    [InlineData("GET", "/api/sagas?type=transfer&state=Completed", "orchestrator")]
    [InlineData("GET", "/api/sagas/transfer/6f1c54f2-3a4b-4d0e-9a51-2f0d7c8e9b10", "orchestrator")]
    [InlineData("GET", "/api/dlq", "orchestrator")]
    [InlineData("GET", "/api/dlq/debit.commands.dlq/records?limit=10", "orchestrator")]
    [InlineData("POST", "/api/dlq/debit.commands.dlq/records/0/42/redrive", "orchestrator")]
    [InlineData("GET", "/openapi/v1.json", "orchestrator")]
    [InlineData("POST", "/api/accounts/", "ledger")]
    [InlineData("GET", "/api/accounts/alice", "ledger")]
    [InlineData("POST", "/api/accounts/alice/freeze", "ledger")]
    [InlineData("POST", "/api/accounts/alice/unfreeze", "ledger")]
    [InlineData("PUT", "/api/inventory/sku-1", "inventory")]
    [InlineData("GET", "/api/inventory/sku-1", "inventory")]
    public async Task Routes_each_path_to_its_service(string method, string pathAndQuery, string service)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (method != "GET")
            request.Content = JsonContent.Create(new { amount = 10 });

        using var response = await _gateway.Client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"{method} {pathAndQuery}: {response.StatusCode}");
        var echo = await response.Content.ReadFromJsonAsync<FakeService.Echo>();
        Assert.StartsWith(service, echo!.Service, StringComparison.Ordinal);
        Assert.Equal(method, echo.Method);
        Assert.Equal(pathAndQuery, echo.Path + echo.Query);
        Assert.Equal(method == "GET" ? "" : """{"amount":10}""", echo.Body);
    }

    [Fact]
    public async Task Spreads_orchestrator_requests_over_both_replicas()
    {
        var servedBy = new List<string>();
        for (var i = 0; i < 10; i++)
            servedBy.Add((await _gateway.Client.GetFromJsonAsync<FakeService.Echo>($"/api/transfers/{Guid.NewGuid()}"))!.Service);

        Assert.Equal(5, servedBy.Count(name => name == _gateway.OrchestratorA.Name));
        Assert.Equal(5, servedBy.Count(name => name == _gateway.OrchestratorB.Name));
    }

    [Theory]
    [InlineData("/api/accounts/missing", HttpStatusCode.NotFound, "Not found")]
    [InlineData("/api/transfers/taken", HttpStatusCode.Conflict, "Conflict")]
    [InlineData("/api/orders/busy", HttpStatusCode.ServiceUnavailable, "Not ready yet")]
    public async Task Passes_the_services_problem_details_through(string path, HttpStatusCode status, string title)
    {
        using var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Problem>();
        Assert.Equal(title, problem!.Title);
        Assert.Equal((int)status, problem.Status);
        if (status == HttpStatusCode.ServiceUnavailable)
            Assert.Equal(TimeSpan.FromSeconds(FakeService.BusyRetryAfterSeconds), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Passes_Location_through_naming_the_gateway()
    {
        using var response = await _gateway.Client.PostAsJsonAsync("/api/accounts/", new { id = FakeService.OpenedAccount });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(new Uri(_gateway.Client.BaseAddress!, $"/api/accounts/{FakeService.OpenedAccount}"), response.Headers.Location);
    }

    [Fact]
    public async Task Carries_the_callers_trace_to_the_service()
    {
        // The client stamps its request with the current trace (it would replace a traceparent header set by hand).
        var traceId = ActivityTraceId.CreateRandom();
        using var caller = new Activity("caller").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();

        var echo = await _gateway.Client.GetFromJsonAsync<FakeService.Echo>("/api/inventory/sku-1");

        Assert.Equal(traceId.ToHexString(), echo!.Traceparent?.Split('-')[1]);
    }

    [Fact]
    public async Task Answers_a_path_no_service_serves_with_404_problem_details()
    {
        using var response = await _gateway.Client.GetAsync("/api/unknown/1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Answers_its_own_health(string path)
    {
        using var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
