using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sagas.Testing;

namespace Sagas.Standalone.Tests;

public class When_many_transfers_run_over_kafka
{
    static readonly string[] Accounts = ["ann", "ben", "cat", "dan", "eve"];
    static readonly HashSet<string> TerminalStates = ["Completed", "Rejected", "Failed", "Compensated"];

    [Fact]
    public async Task Every_transfer_ends_and_no_money_is_made_or_lost()
    {
        await using var platform = new StandaloneFactory();
        var client = platform.CreateClient();
        foreach (var account in Accounts)
            await platform.OpenAccount(account, 1_000m);
        await platform.OpenAccount("frozen", 0m);
        (await client.PostAsync("/api/accounts/frozen/freeze", null)).EnsureSuccessStatusCode();
        var totalBefore = await Total(platform);

        var expected = new Dictionary<Guid, string>();
        var random = new Random(20261127);
        await Parallel.ForEachAsync(Enumerable.Range(0, 200).Select(i => (i, Plan(i, random.Next(Accounts.Length), random.Next(1, Accounts.Length)))),
            new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) =>
            {
                var (i, (from, to, amount, outcome)) = item;
                var response = await client.PostWithKey(new { fromAccountId = from, toAccountId = to, amount, currency = "USD" }, $"bulk-{i}");
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("transferId").GetGuid();
                lock (expected)
                    expected[id] = outcome;
            });

        var states = await Eventually.Value(() => States(client), states => expected.Keys.All(id => states.TryGetValue(id, out var state) && TerminalStates.Contains(state)),
            "all 200 transfers are terminal", TimeSpan.FromMinutes(2));

        Assert.All(expected, pair => Assert.True(pair.Value == states[pair.Key] || (pair.Value == "Any" && TerminalStates.Contains(states[pair.Key])),
            $"transfer {pair.Key} ended {states[pair.Key]}, expected {pair.Value}"));
        Assert.Contains("Rejected", states.Values);
        Assert.Contains("Compensated", states.Values);
        Assert.Equal(totalBefore, await Total(platform));
        Assert.All(await Task.WhenAll(Accounts.Select(platform.Balance)), balance => Assert.True(balance >= 0));
    }

    /// <summary>
    /// Every 10th transfer is too large for fraud, every 10th (offset 5) goes to a frozen account and is compensated,
    /// every 10th (offset 7) is larger than any balance can be and fails; the rest may complete or fail on funds.
    /// </summary>
    static (string From, string To, decimal Amount, string Outcome) Plan(int i, int from, int offset) => (i % 10) switch
    {
        0 => (Accounts[from], Accounts[(from + offset) % Accounts.Length], 20_000m, "Rejected"),
        5 => (Accounts[from], "frozen", 10m, "Any"),
        7 => (Accounts[from], Accounts[(from + offset) % Accounts.Length], 9_999m, "Failed"),
        _ => (Accounts[from], Accounts[(from + offset) % Accounts.Length], 1m + (i % 50), "Any"),
    };

    static async Task<decimal> Total(StandaloneFactory platform) =>
        (await Task.WhenAll(Accounts.Append("frozen").Select(platform.Balance))).Sum();

    static async Task<Dictionary<Guid, string>> States(HttpClient client)
    {
        var states = new Dictionary<Guid, string>();
        for (var page = 1; page <= 5; page++)
        {
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/sagas?type=transfer&page={page}&pageSize=200");
            foreach (var item in list.GetProperty("items").EnumerateArray())
                states[item.GetProperty("id").GetGuid()] = item.GetProperty("state").GetString()!;
            if (list.GetProperty("items").GetArrayLength() < 200)
                break;
        }

        return states;
    }
}
