using System.Net;
using System.Net.Http.Json;

namespace Sagas.Orchestrator.Tests.Api;

public class Accounts_and_inventory_over_http(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_opened_account_is_created_and_readable()
    {
        var id = $"acct-{Guid.NewGuid():N}";

        var response = await _client.PostAsJsonAsync("/api/accounts", new { accountId = id, currency = "EUR", openingBalance = 12.34m });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/accounts/{id}", response.Headers.Location?.AbsolutePath);
        var account = await (await _client.GetAsync($"/api/accounts/{id}")).Json();
        Assert.Equal((id, "EUR", 12.34m, false),
            (account.GetProperty("accountId").GetString(), account.GetProperty("currency").GetString(),
                account.GetProperty("balance").GetDecimal(), account.GetProperty("frozen").GetBoolean()));
    }

    [Fact]
    public async Task Opening_an_existing_account_is_a_conflict()
    {
        var id = await api.OpenAccount(1m);

        var response = await _client.PostAsJsonAsync("/api/accounts", new { accountId = id, currency = "USD", openingBalance = 1m });

        await response.AssertProblem(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("USD", "-1")]
    [InlineData("USD", "0.001")]
    [InlineData("ABC", "1")]
    public async Task An_invalid_account_is_a_bad_request(string currency, string balance)
    {
        var response = await _client.PostAsJsonAsync("/api/accounts",
            new { accountId = $"acct-{Guid.NewGuid():N}", currency, openingBalance = decimal.Parse(balance, System.Globalization.CultureInfo.InvariantCulture) });

        await response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_account_can_be_frozen_and_unfrozen()
    {
        var id = await api.OpenAccount(1m);

        var frozen = await (await _client.PostAsync($"/api/accounts/{id}/freeze", null)).Json();
        var unfrozen = await (await _client.PostAsync($"/api/accounts/{id}/unfreeze", null)).Json();

        Assert.True(frozen.GetProperty("frozen").GetBoolean());
        Assert.False(unfrozen.GetProperty("frozen").GetBoolean());
    }

    [Fact]
    public async Task Unknown_accounts_are_not_found()
    {
        await (await _client.GetAsync("/api/accounts/nobody-here")).AssertProblem(HttpStatusCode.NotFound);
        await (await _client.PostAsync("/api/accounts/nobody-here/freeze", null)).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stock_can_be_set_and_read()
    {
        var sku = $"sku-{Guid.NewGuid():N}";

        var put = await _client.PutAsJsonAsync($"/api/inventory/{sku}", new { available = 7 });
        var stock = await (await _client.GetAsync($"/api/inventory/{sku}")).Json();

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((7, 0, 0), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("sold").GetInt32()));
    }

    [Fact]
    public async Task Negative_stock_is_a_bad_request_and_unknown_skus_are_not_found()
    {
        await (await _client.PutAsJsonAsync("/api/inventory/some-sku", new { available = -1 })).AssertProblem(HttpStatusCode.BadRequest);
        await (await _client.GetAsync($"/api/inventory/sku-{Guid.NewGuid():N}")).AssertProblem(HttpStatusCode.NotFound);
    }
}
