using System.Net;
using System.Net.Http.Json;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>
/// The API's cancellation goes to the order saga through the orchestrator's outbox and its Kafka topic. With the fraud
/// worker not running, an order waits in Screening (its step timeout far off) for as long as the test needs.
/// </summary>
public sealed class ApiWithoutFraudWorker() : ApiFactory(new Dictionary<string, string?>
{
    ["Workers:Roles"] = "debit,credit,notify,inventory,shipping",
    ["Orders:StepTimeout"] = "00:05:00",
});

public class When_an_order_is_cancelled_over_http(ApiWithoutFraudWorker api) : IClassFixture<ApiWithoutFraudWorker>
{
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_order_still_being_screened_is_cancelled_and_holds_nothing()
    {
        var sku = $"sku-{Guid.NewGuid():N}";
        (await _client.PutAsJsonAsync($"/api/inventory/{sku}", new { available = 10 })).EnsureSuccessStatusCode();
        var (customer, merchant) = (await api.OpenAccount(500m), await api.OpenAccount(0m));
        var placed = await _client.PostWithKey("/api/orders", new
        {
            customerAccountId = customer, merchantAccountId = merchant, currency = "USD", shipToCountry = "US",
            items = new[] { new { sku, quantity = 2, unitPrice = 30m } },
        }, Guid.NewGuid().ToString("N"));
        var id = (await placed.Json()).GetProperty("orderId").GetGuid();

        var cancel = await _client.PostAsync($"/api/orders/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var accepted = await cancel.Json();
        Assert.Equal((id, "Screening"), (accepted.GetProperty("orderId").GetGuid(), accepted.GetProperty("state").GetString()));
        var order = await _client.WaitForState($"/api/orders/{id}", "Cancelled");
        Assert.Equal("Cancelled by the customer.", order.GetProperty("reason").GetString());
        Assert.Equal(["Screening", "Cancelled"], order.GetProperty("history").EnumerateArray().Select(step => step.GetProperty("to").GetString()));
        Assert.Equal(500m, (await (await _client.GetAsync($"/api/accounts/{customer}")).Json()).GetProperty("balance").GetDecimal());
        var stock = await (await _client.GetAsync($"/api/inventory/{sku}")).Json();
        Assert.Equal((10, 0), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32()));
    }
}
