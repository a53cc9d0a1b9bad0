using System.Net;
using System.Text;

namespace Sagas.Orchestrator.Tests.Api;

public class Transfers_over_http(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_transfer_is_accepted_with_its_location_and_completes()
    {
        var (from, to) = (await api.OpenAccount(500m), await api.OpenAccount(0m));

        var response = await _client.PostWithKey("/api/transfers", new { fromAccountId = from, toAccountId = to, amount = 125.50m, currency = "USD" }, Key());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Json();
        var id = body.GetProperty("transferId").GetGuid();
        Assert.Equal($"/api/transfers/{id}", response.Headers.Location?.AbsolutePath);
        Assert.Equal("Screening", body.GetProperty("state").GetString());

        var transfer = await _client.WaitForState($"/api/transfers/{id}", "Completed");
        Assert.Equal(125.50m, transfer.GetProperty("amount").GetDecimal());
        Assert.Equal(4, transfer.GetProperty("history").GetArrayLength());
        Assert.Equal("Screening", transfer.GetProperty("history")[0].GetProperty("to").GetString());
        Assert.Equal(374.50m, (await (await _client.GetAsync($"/api/accounts/{from}")).Json()).GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task The_same_key_and_body_return_the_same_transfer()
    {
        var (from, to) = (await api.OpenAccount(500m), await api.OpenAccount(0m));
        var body = new { fromAccountId = from, toAccountId = to, amount = 10m, currency = "USD" };
        var key = Key();

        var first = await (await _client.PostWithKey("/api/transfers", body, key)).Json();
        var again = await _client.PostWithKey("/api/transfers", body with { amount = 10.00m }, key);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.GetProperty("transferId").GetGuid(), (await again.Json()).GetProperty("transferId").GetGuid());
        await _client.WaitForState($"/api/transfers/{first.GetProperty("transferId").GetGuid()}", "Completed");
        Assert.Equal(490m, (await (await _client.GetAsync($"/api/accounts/{from}")).Json()).GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        var (from, to) = (await api.OpenAccount(500m), await api.OpenAccount(0m));
        var key = Key();
        await _client.PostWithKey("/api/transfers", new { fromAccountId = from, toAccountId = to, amount = 10m, currency = "USD" }, key);

        var response = await _client.PostWithKey("/api/transfers", new { fromAccountId = from, toAccountId = to, amount = 11m, currency = "USD" }, key);

        await response.AssertProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_missing_key_is_a_bad_request()
    {
        var response = await _client.PostWithKey("/api/transfers", new { fromAccountId = "a", toAccountId = "b", amount = 1m, currency = "USD" }, key: null);

        await response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("0", "USD", "amount")]
    [InlineData("-1", "USD", "amount")]
    [InlineData("1.001", "USD", "amount")]
    [InlineData("1.5", "JPY", "amount")]
    [InlineData("10", "XYZ", "amount")]
    [InlineData("10", "usd", "amount")]
    public async Task Invalid_amounts_and_currencies_are_bad_requests(string amount, string currency, string field)
    {
        var json = $$"""{"fromAccountId":"a","toAccountId":"b","amount":{{amount}},"currency":"{{currency}}"}""";

        var response = await Post(json);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("""{"fromAccountId":"a","toAccountId":"a","amount":1,"currency":"USD"}""")]
    [InlineData("""{"fromAccountId":"a","toAccountId":"b","amount":1e30,"currency":"USD"}""")]
    [InlineData("""{"fromAccountId":"a","toAccountId":"b","amount":"1.00","currency":"USD"}""")]
    [InlineData("""{"fromAccountId":"a","toAccountId":"b","amount":1,"currency":"USD","state":"Completed"}""")]
    [InlineData("""{"fromAccountId":"a","toAccountId":"b","amount":1,""")]
    [InlineData("""{"fromAccountId":"a b","toAccountId":"b","amount":1,"currency":"USD"}""")]
    public async Task Malformed_requests_are_bad_requests(string json)
    {
        var response = await Post(json);

        await response.AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_transfer_is_not_found()
    {
        var response = await _client.GetAsync($"/api/transfers/{Guid.NewGuid()}");

        await response.AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_refused_transfer_is_reported_with_its_reason()
    {
        var (from, to) = (await api.OpenAccount(5m), await api.OpenAccount(0m));

        var response = await _client.PostWithKey("/api/transfers", new { fromAccountId = from, toAccountId = to, amount = 10m, currency = "USD" }, Key());

        var transfer = await _client.WaitForState($"/api/transfers/{(await response.Json()).GetProperty("transferId").GetGuid()}", "Failed");
        Assert.False(string.IsNullOrEmpty(transfer.GetProperty("reason").GetString()));
    }

    Task<HttpResponseMessage> Post(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/transfers") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Key());
        return _client.SendAsync(request);
    }

    static string Key() => Guid.NewGuid().ToString("N");
}
