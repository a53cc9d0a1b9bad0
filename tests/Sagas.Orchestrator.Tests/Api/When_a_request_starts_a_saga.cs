using System.Net;
using System.Net.Http.Json;
using Sagas.Persistence;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>
/// A POST runs the saga's first transition in the request, in the transaction that stores its Idempotency-Key: the 202
/// carries the state the saga is in, a read right after it finds the saga, and one key starts one saga however often,
/// and however concurrently, it is sent.
/// </summary>
public class When_a_request_starts_a_saga(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task The_accepted_transfer_is_in_its_first_state_and_readable_at_once(DatabaseProvider provider)
    {
        var api = await hosts.On(provider);
        var client = api.CreateClient();
        var (from, to) = (await api.OpenAccount(500m), await api.OpenAccount(0m));

        var accepted = await client.PostWithKey("/api/transfers", new { fromAccountId = from, toAccountId = to, amount = 1m, currency = "USD" }, Key());
        var read = await client.GetAsync(accepted.Headers.Location);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var answer = await accepted.Json();
        Assert.Equal("Screening", answer.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var transfer = await read.Json();
        Assert.Equal(answer.GetProperty("transferId").GetGuid(), transfer.GetProperty("transferId").GetGuid());
        var first = transfer.GetProperty("history")[0];
        Assert.Equal(("TransferRequested", "Initial", "Screening"),
            (first.GetProperty("event").GetString(), first.GetProperty("from").GetString(), first.GetProperty("to").GetString()));
        await client.WaitForState(accepted.Headers.Location!.AbsolutePath, "Completed");
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task The_accepted_order_is_in_its_first_state_and_readable_at_once(DatabaseProvider provider)
    {
        var api = await hosts.On(provider);
        var client = api.CreateClient();
        var (customer, merchant, sku) = await ArrangeOrder(api, client);

        var accepted = await client.PostWithKey("/api/orders", Order(customer, merchant, sku), Key());
        var read = await client.GetAsync(accepted.Headers.Location);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var answer = await accepted.Json();
        Assert.Equal("Screening", answer.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var order = await read.Json();
        Assert.Equal(answer.GetProperty("orderId").GetGuid(), order.GetProperty("orderId").GetGuid());
        Assert.Equal(("OrderSubmitted", "Screening"),
            (order.GetProperty("history")[0].GetProperty("event").GetString(), order.GetProperty("history")[0].GetProperty("to").GetString()));
        await client.WaitForState(accepted.Headers.Location!.AbsolutePath, "Completed");
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task A_replay_answers_with_the_state_the_transfer_is_in_now(DatabaseProvider provider)
    {
        var api = await hosts.On(provider);
        var client = api.CreateClient();
        var (from, to) = (await api.OpenAccount(500m), await api.OpenAccount(0m));
        var body = new { fromAccountId = from, toAccountId = to, amount = 10m, currency = "USD" };
        var key = Key();
        var id = (await (await client.PostWithKey("/api/transfers", body, key)).Json()).GetProperty("transferId").GetGuid();
        await client.WaitForState($"/api/transfers/{id}", "Completed");

        var replay = await client.PostWithKey("/api/transfers", body, key);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal($"/api/transfers/{id}", replay.Headers.Location?.AbsolutePath);
        var answer = await replay.Json();
        Assert.Equal((id, "Completed"), (answer.GetProperty("transferId").GetGuid(), answer.GetProperty("state").GetString()));
        Assert.Equal(490m, await Balance(client, from));
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Concurrent_requests_with_one_key_start_one_transfer(DatabaseProvider provider)
    {
        var api = await hosts.On(provider);
        var client = api.CreateClient();
        var (from, to) = (await api.OpenAccount(500m), await api.OpenAccount(0m));
        var body = new { fromAccountId = from, toAccountId = to, amount = 10m, currency = "USD" };
        var key = Key();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostWithKey("/api/transfers", body, key)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        var ids = (await Task.WhenAll(responses.Select(response => response.Json()))).Select(json => json.GetProperty("transferId").GetGuid());
        var id = Assert.Single(ids.Distinct());
        await client.WaitForState($"/api/transfers/{id}", "Completed");
        Assert.Equal((490m, 10m), (await Balance(client, from), await Balance(client, to)));
    }

    [Theory, InlineData(DatabaseProvider.Sqlite), PostgresData]
    public async Task Concurrent_requests_with_one_key_and_different_bodies_start_one_order_and_refuse_the_rest(DatabaseProvider provider)
    {
        var api = await hosts.On(provider);
        var client = api.CreateClient();
        var (customer, merchant, sku) = await ArrangeOrder(api, client);
        var key = Key();

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(quantity =>
            client.PostWithKey("/api/orders", Order(customer, merchant, sku, quantity), key)));

        var accepted = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses.Where(response => response != accepted),
            response => Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode));
        var order = await client.WaitForState(accepted.Headers.Location!.AbsolutePath, "Completed");
        var quantity = order.GetProperty("items")[0].GetProperty("quantity").GetInt32();
        Assert.Equal(500m - quantity * 30m, await Balance(client, customer));
        Assert.Equal(10 - quantity, (await (await client.GetAsync($"/api/inventory/{sku}")).Json()).GetProperty("available").GetInt32());
    }

    static async Task<decimal> Balance(HttpClient client, string account) =>
        (await (await client.GetAsync($"/api/accounts/{account}")).Json()).GetProperty("balance").GetDecimal();

    static async Task<(string Customer, string Merchant, string Sku)> ArrangeOrder(ApiFactory api, HttpClient client)
    {
        var sku = $"sku-{Guid.NewGuid():N}";
        (await client.PutAsJsonAsync($"/api/inventory/{sku}", new { available = 10 })).EnsureSuccessStatusCode();
        return (await api.OpenAccount(500m), await api.OpenAccount(0m), sku);
    }

    static object Order(string customer, string merchant, string sku, int quantity = 2) => new
    {
        customerAccountId = customer, merchantAccountId = merchant, currency = "USD", shipToCountry = "US",
        items = new[] { new { sku, quantity, unitPrice = 30m } },
    };

    static string Key() => Guid.NewGuid().ToString("N");
}
