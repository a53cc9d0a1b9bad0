using System.Net;
using System.Net.Http.Json;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Api;

public class Orders_over_http(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_order_is_accepted_and_completes()
    {
        var (customer, merchant, sku) = await Arrange();

        var response = await _client.PostWithKey("/api/orders", Order(customer, merchant, sku), Key());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Json();
        var id = accepted.GetProperty("orderId").GetGuid();
        Assert.Equal("Screening", accepted.GetProperty("state").GetString());
        Assert.Equal($"/api/orders/{id}", response.Headers.Location?.AbsolutePath);
        var order = await _client.WaitForState($"/api/orders/{id}", "Completed");
        Assert.Equal(60m, order.GetProperty("total").GetDecimal());
        Assert.False(string.IsNullOrEmpty(order.GetProperty("trackingNumber").GetString()));
        var stock = await (await _client.GetAsync($"/api/inventory/{sku}")).Json();
        Assert.Equal((8, 0, 2), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("sold").GetInt32()));
    }

    [Fact]
    public async Task Cancelling_after_shipping_started_is_a_conflict()
    {
        var (customer, merchant, sku) = await Arrange();
        var id = (await (await _client.PostWithKey("/api/orders", Order(customer, merchant, sku), Key())).Json()).GetProperty("orderId").GetGuid();
        await _client.WaitForState($"/api/orders/{id}", "Completed");

        var response = await _client.PostAsync($"/api/orders/{id}/cancel", null);

        await response.AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancelling_an_unknown_order_is_not_found()
    {
        await (await _client.PostAsync($"/api/orders/{Guid.NewGuid()}/cancel", null)).AssertProblem(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/orders/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Order_idempotency_follows_the_transfer_rules()
    {
        var (customer, merchant, sku) = await Arrange();
        var key = Key();

        var first = await (await _client.PostWithKey("/api/orders", Order(customer, merchant, sku), key)).Json();
        var again = await (await _client.PostWithKey("/api/orders", Order(customer, merchant, sku), key)).Json();
        var other = await _client.PostWithKey("/api/orders", Order(customer, merchant, sku, quantity: 3), key);
        var keyless = await _client.PostWithKey("/api/orders", Order(customer, merchant, sku), key: null);

        Assert.Equal(first.GetProperty("orderId").GetGuid(), again.GetProperty("orderId").GetGuid());
        await other.AssertProblem(HttpStatusCode.UnprocessableEntity);
        await keyless.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(0, "US", "10.00")]
    [InlineData(1, "usa", "10.00")]
    [InlineData(1, "US", "10.001")]
    [InlineData(1, "US", "-5")]
    public async Task Invalid_orders_are_bad_requests(int quantity, string country, string price)
    {
        var response = await _client.PostWithKey("/api/orders", new
        {
            customerAccountId = "c", merchantAccountId = "m", currency = "USD", shipToCountry = country,
            items = new[] { new { sku = "s", quantity, unitPrice = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture) } },
        }, Key());

        await response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sagas_are_listed_by_type_and_state_and_shown_by_id()
    {
        var (customer, merchant, sku) = await Arrange();
        var id = (await (await _client.PostWithKey("/api/orders", Order(customer, merchant, sku), Key())).Json()).GetProperty("orderId").GetGuid();
        await _client.WaitForState($"/api/orders/{id}", "Completed");

        var list = await (await _client.GetAsync("/api/sagas?type=order&state=Completed&pageSize=200")).Json();
        var shown = await (await _client.GetAsync($"/api/sagas/order/{id}")).Json();

        Assert.Contains(list.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == id);
        Assert.All(list.GetProperty("items").EnumerateArray(), item => Assert.Equal("Completed", item.GetProperty("state").GetString()));
        Assert.Equal("Completed", shown.GetProperty("state").GetString());
        await (await _client.GetAsync("/api/sagas?type=payment")).AssertProblem(HttpStatusCode.BadRequest);
        await (await _client.GetAsync($"/api/sagas/transfer/{id}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_openapi_document_and_health_endpoints_are_served()
    {
        var openApi = await (await _client.GetAsync("/openapi/v1.json")).Json();
        var live = await _client.GetAsync("/health/live");

        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/transfers", out _));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await Eventually.Until(async () => (await _client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            "the database and the Kafka cluster report ready");
    }

    async Task<(string Customer, string Merchant, string Sku)> Arrange()
    {
        var sku = $"sku-{Guid.NewGuid():N}";
        (await _client.PutAsJsonAsync($"/api/inventory/{sku}", new { available = 10 })).EnsureSuccessStatusCode();
        return (await api.OpenAccount(500m), await api.OpenAccount(0m), sku);
    }

    static object Order(string customer, string merchant, string sku, int quantity = 2) => new
    {
        customerAccountId = customer, merchantAccountId = merchant, currency = "USD", shipToCountry = "US",
        items = new[] { new { sku, quantity, unitPrice = 30m } },
    };

    static string Key() => Guid.NewGuid().ToString("N");
}
