using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

public class When_the_credit_worker_is_left_out
{
    [Fact]
    public async Task Transfers_time_out_over_kafka_and_are_compensated_from_the_persistent_timeout_store()
    {
        await using var platform = new StandaloneFactory(new()
        {
            ["Workers:Roles"] = "debit,fraud,notify,inventory,shipping",
            ["Transfers:StepTimeout"] = "00:00:02",
        });
        var client = platform.CreateClient();
        await platform.OpenAccount("alice", 500m);
        await platform.OpenAccount("bob", 50m);

        var response = await client.PostWithKey(new { fromAccountId = "alice", toAccountId = "bob", amount = 100m, currency = "USD" }, "left-out-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferId").GetGuid();
        var transfer = await Eventually.Value(() => Read(client, id),
            json => json?.GetProperty("state").GetString() == "Compensated", "the transfer is compensated", TimeSpan.FromSeconds(60));
        Assert.Equal(["Screening", "Debiting", "Crediting", "VoidingCredit", "Refunding", "Compensated"],
            transfer!.Value.GetProperty("history").EnumerateArray().Select(step => step.GetProperty("to").GetString()));
        Assert.Equal(500m, await platform.Balance("alice"));
        Assert.Equal(50m, await platform.Balance("bob"));
    }

    /// <summary>The transfer, or null until its saga has stored its first transition.</summary>
    static async Task<JsonElement?> Read(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/transfers/{id}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }
}
