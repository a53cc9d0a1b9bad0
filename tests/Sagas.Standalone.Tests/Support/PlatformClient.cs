using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sagas.Standalone.Tests.Support;

/// <summary>The HTTP calls the end-to-end tests make, as a person using the platform would.</summary>
public static class PlatformClient
{
    public static readonly HashSet<string> TransferTerminalStates = ["Completed", "Rejected", "Failed", "Compensated"];

    public static readonly HashSet<string> OrderTerminalStates = ["Completed", "Rejected", "Cancelled"];

    public static async Task OpenAccount(this HttpClient client, string id, decimal balance)
    {
        var response = await client.PostAsJsonAsync("/api/accounts", new { accountId = id, currency = "USD", openingBalance = balance });
        response.EnsureSuccessStatusCode();
    }

    public static async Task Freeze(this HttpClient client, string id) =>
        (await client.PostAsync($"/api/accounts/{id}/freeze", null)).EnsureSuccessStatusCode();

    public static async Task<decimal> Balance(this HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/accounts/{id}")).GetProperty("balance").GetDecimal();

    public static async Task SetStock(this HttpClient client, string sku, int available) =>
        (await client.PutAsJsonAsync($"/api/inventory/{sku}", new { available })).EnsureSuccessStatusCode();

    /// <summary>A SKU's stock: how many can still be sold, how many are held for orders, how many completed orders sold.</summary>
    public static async Task<(int Available, int Reserved, int Sold)> Stock(this HttpClient client, string sku)
    {
        var stock = await client.GetFromJsonAsync<JsonElement>($"/api/inventory/{sku}");
        return (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("sold").GetInt32());
    }

    /// <summary>Starts a transfer and returns its id.</summary>
    public static async Task<Guid> StartTransfer(this HttpClient client, string from, string to, decimal amount, string key)
    {
        var response = await client.PostWithKey("/api/transfers", new { fromAccountId = from, toAccountId = to, amount, currency = "USD" }, key);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferId").GetGuid();
    }

    /// <summary>Places an order, shipped to a served country, and returns its id.</summary>
    public static async Task<Guid> StartOrder(this HttpClient client, string customer, string merchant, IEnumerable<OrderItem> items, string key)
    {
        var response = await client.PostWithKey("/api/orders", new
        {
            customerAccountId = customer, merchantAccountId = merchant, currency = "USD", shipToCountry = "US",
            items = items.Select(item => new { sku = item.Sku, quantity = item.Quantity, unitPrice = item.UnitPrice }),
        }, key);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
    }

    /// <summary>A saga (transfers: "transfers", orders: "orders"), or null until its first transition is stored.</summary>
    public static async Task<JsonElement?> Saga(this HttpClient client, string resource, Guid id)
    {
        var response = await client.GetAsync($"/api/{resource}/{id}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    /// <summary>The states the saga went through, in order, from its history.</summary>
    public static IReadOnlyList<string?> Path(this JsonElement saga) =>
        [.. saga.GetProperty("history").EnumerateArray().Select(step => step.GetProperty("to").GetString())];

    /// <summary>Every transfer's state, by id, from the sagas list.</summary>
    public static Task<Dictionary<Guid, string>> TransferStates(this HttpClient client) => client.SagaStates("transfer");

    /// <summary>Every order's state, by id, from the sagas list.</summary>
    public static Task<Dictionary<Guid, string>> OrderStates(this HttpClient client) => client.SagaStates("order");

    static async Task<Dictionary<Guid, string>> SagaStates(this HttpClient client, string type)
    {
        const int pageSize = 200;
        var states = new Dictionary<Guid, string>();
        for (var page = 1; page <= 100; page++)
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/sagas?type={type}&page={page}&pageSize={pageSize}");
            foreach (var item in list.GetProperty("items").EnumerateArray())
                states[item.GetProperty("id").GetGuid()] = item.GetProperty("state").GetString()!;
            if (list.GetProperty("items").GetArrayLength() < pageSize)
                break;
        }
        return states;
    }
}
