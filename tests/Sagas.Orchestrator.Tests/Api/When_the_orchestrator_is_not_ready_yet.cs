using System.Net;
using System.Text.Json;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>
/// A host that cannot become ready: its topics were never created (<c>Kafka:ProvisionTopics=false</c> on an embedded
/// broker that has none), so its consumer groups never get partitions, as on a fresh start before they join.
/// </summary>
public sealed class ApiWithoutTopics() : ApiFactory(new Dictionary<string, string?>
{
    ["Kafka:ProvisionTopics"] = "false",
    ["Kafka:StartTimeout"] = "00:00:02",
})
{
    protected override bool WaitsForReadiness => false;
}

public class When_the_orchestrator_is_not_ready_yet(ApiWithoutTopics api) : IClassFixture<ApiWithoutTopics>
{
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task New_transfers_and_orders_are_refused_with_503_and_retry_after_while_reads_answer()
    {
        var transfer = await _client.PostWithKey("/api/transfers",
            new { fromAccountId = "alice", toAccountId = "bob", amount = 10m, currency = "USD" }, Guid.NewGuid().ToString("N"));
        var order = await _client.PostWithKey("/api/orders", new
        {
            customerAccountId = "alice", merchantAccountId = "bob", currency = "USD", shipToCountry = "US",
            items = new[] { new { sku = "widget", quantity = 1, unitPrice = 30m } },
        }, Guid.NewGuid().ToString("N"));

        foreach (var refused in new[] { transfer, order })
        {
            await refused.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/sagas?type=transfer")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/transfers/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Readiness_answers_503_and_names_the_consumer_groups_while_liveness_answers_200()
    {
        var ready = await _client.GetAsync("/health/ready");
        var live = await _client.GetAsync("/health/live");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (ready.StatusCode, live.StatusCode));
        foreach (var answer in new[] { await ready.Json(), await live.Json() })
        {
            Assert.False(answer.GetProperty("ready").GetBoolean());
            Assert.Contains("kafka-groups", answer.GetProperty("notReady").EnumerateArray().Select(name => name.GetString()));
            var groups = answer.GetProperty("checks").GetProperty("kafka-groups");
            Assert.Contains("transfer-sagas", groups.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Object, groups.GetProperty("data").ValueKind);
        }
    }
}
