using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sagas.Deployment.Tests;

/// <summary>The orchestrator API calls the deployment tests make, as a client of the platform would.</summary>
static class OrchestratorApi
{
    public static readonly HashSet<string> TransferTerminalStates = ["Completed", "Rejected", "Failed", "Compensated"];

    public static async Task OpenAccount(this HttpClient client, string id, decimal balance) =>
        (await client.PostAsJsonAsync("/api/accounts", new { accountId = id, currency = "USD", openingBalance = balance })).EnsureSuccessStatusCode();

    public static async Task<decimal> Balance(this HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/accounts/{id}")).GetProperty("balance").GetDecimal();

    /// <summary>Starts a transfer under <paramref name="key"/> and returns its id; the same key and body return the same transfer.</summary>
    public static async Task<Guid> StartTransfer(this HttpClient client, string from, string to, decimal amount, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/transfers")
        {
            Content = JsonContent.Create(new { fromAccountId = from, toAccountId = to, amount, currency = "USD" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new HttpRequestException($"POST /api/transfers ({key}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}",
                null, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferId").GetGuid();
    }

    /// <summary>Every transfer in the sagas list, as listed (an id listed twice appears twice).</summary>
    public static async Task<IReadOnlyList<(Guid Id, string State)>> Transfers(this HttpClient client)
    {
        const int pageSize = 200;
        var transfers = new List<(Guid, string)>();
        for (var page = 1; page <= 100; page++)
        {
            var items = (await client.GetFromJsonAsync<JsonElement>($"/api/sagas?type=transfer&page={page}&pageSize={pageSize}")).GetProperty("items");
            transfers.AddRange(items.EnumerateArray().Select(item => (item.GetProperty("id").GetGuid(), item.GetProperty("state").GetString()!)));
            if (items.GetArrayLength() < pageSize)
                break;
        }
        return transfers;
    }

    /// <summary>Whether the host answers its readiness check (database, Kafka, topic endpoints).</summary>
    public static async Task<bool> IsReady(this HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
