using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sagas.Kafka;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>
/// A record no consumer can read lands in its topic's dead-letter topic; the API lists and shows it, redrives it once
/// however often asked, discards what an operator gives up on, and audits every action.
/// </summary>
public class When_a_poison_record_is_dead_lettered(DeadLetterApiFactory api) : IClassFixture<DeadLetterApiFactory>
{
    const string Topic = "transfer.events";
    const string DeadLetters = "transfer.events.dlq";
    const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task It_is_listed_shown_redriven_once_with_its_key_and_discarded_with_a_reason_all_audited()
    {
        var key = Guid.NewGuid();
        var original = await api.ProducePoison(Topic, key, TraceParent);

        var listed = await WaitForPending(key, count: 1);
        var item = listed.Single();
        Assert.Equal((Topic, original.Partition.Value, original.Offset.Value), (item.GetProperty("originalTopic").GetString(),
            item.GetProperty("originalPartition").GetInt32(), item.GetProperty("originalOffset").GetInt64()));
        Assert.Equal(("fault", "pending"), (item.GetProperty("reason").GetString(), item.GetProperty("status").GetString()));
        Assert.False(string.IsNullOrEmpty(item.GetProperty("exceptionType").GetString()));
        var (partition, offset) = (item.GetProperty("partition").GetInt32(), item.GetProperty("offset").GetInt64());
        var record = $"/api/dlq/{DeadLetters}/records/{partition}/{offset}";

        var topics = await _client.GetFromJsonAsync<JsonElement>("/api/dlq");
        Assert.Contains(topics.EnumerateArray(), topic => topic.GetProperty("topic").GetString() == DeadLetters
            && topic.GetProperty("originalTopic").GetString() == Topic && topic.GetProperty("records").GetInt64() >= 1);
        var shown = await _client.GetFromJsonAsync<JsonElement>(record);
        Assert.Equal(TraceParent, shown.GetProperty("headers").GetProperty(KafkaHeaders.TraceParent).GetString());
        Assert.Equal(Convert.ToBase64String([0xff, 0x00, 0x13, 0x37]), shown.GetProperty("valueBase64").GetString());

        var first = await Act(record + "/redrive", "alice", "the fix is deployed");
        var second = await Act(record + "/redrive", "bob", "again");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(("Redriven", "AlreadyRedriven"), ((await first.Json()).GetProperty("outcome").GetString(), (await second.Json()).GetProperty("outcome").GetString()));

        // The copy fails again and comes back to the DLQ as a new record: the original and that one, and no third.
        var again = (await WaitForPending(key, count: 1)).Single();
        var onTopic = api.RecordsWithKey(Topic, key);
        Assert.Equal(2, onTopic.Count);
        var copy = onTopic[1];
        Assert.Equal(RecordKey.Encode(key), copy.Key);
        Assert.Contains(copy.Headers, header => header.Key == KafkaHeaders.TraceParent);
        Assert.DoesNotContain(copy.Headers, header => header.Key.StartsWith("dlq-", StringComparison.Ordinal));
        await (await Act(record + "/discard", "carol", "redriven already")).AssertProblem(HttpStatusCode.Conflict);

        var againRecord = $"/api/dlq/{DeadLetters}/records/{again.GetProperty("partition").GetInt32()}/{again.GetProperty("offset").GetInt64()}";
        await (await Act(againRecord + "/discard", "carol", null)).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await Act(againRecord + "/discard", "carol", "poison for good")).StatusCode);
        await (await Act(againRecord + "/redrive", "dave", null)).AssertProblem(HttpStatusCode.Conflict);
        Assert.Empty(await Listed(key, "pending"));
        Assert.Equal(["redriven", "discarded"], (await Listed(key, "all")).Select(entry => entry.GetProperty("status").GetString()));
        Assert.Equal(2, api.RecordsWithKey(Topic, key).Count);

        var audit = (await _client.GetFromJsonAsync<JsonElement>($"/api/dlq/audit?topic={DeadLetters}&limit=200")).EnumerateArray()
            .Where(entry => entry.GetProperty("offset").GetInt64() == offset || entry.GetProperty("offset").GetInt64() == again.GetProperty("offset").GetInt64())
            .Select(entry => (entry.GetProperty("operator").GetString(), entry.GetProperty("action").GetString(), entry.GetProperty("outcome").GetString(),
                entry.GetProperty("reason").GetString()))
            .Reverse();
        Assert.Equal([("alice", "Redrive", "Redriven", "the fix is deployed"), ("bob", "Redrive", "AlreadyRedriven", "again"),
            ("carol", "Discard", "AlreadyRedriven", "redriven already"), ("carol", "Discard", "Discarded", "poison for good"),
            ("dave", "Redrive", "AlreadyDiscarded", null)], audit);
    }

    [Theory]
    [InlineData("/api/dlq/transfer.events/records", HttpStatusCode.BadRequest)]
    [InlineData("/api/dlq/transfer.events.dlq/records?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/dlq/transfer.events.dlq/records?partition=x", HttpStatusCode.BadRequest)]
    [InlineData("/api/dlq/transfer.events.dlq/records/x/1", HttpStatusCode.BadRequest)]
    [InlineData("/api/dlq/audit?limit=1000", HttpStatusCode.BadRequest)]
    [InlineData("/api/dlq/transfer.events.dlq/records/0/-1", HttpStatusCode.BadRequest)]
    [InlineData("/api/dlq/no-such-topic.dlq/records", HttpStatusCode.NotFound)]
    [InlineData("/api/dlq/transfer.events.dlq/records/0/999999", HttpStatusCode.NotFound)]
    [InlineData("/api/dlq/transfer.events.dlq/records/99/0", HttpStatusCode.NotFound)]
    public async Task A_bad_or_unknown_record_is_a_problem(string url, HttpStatusCode status) =>
        await (await _client.GetAsync(url)).AssertProblem(status);

    [Fact]
    public async Task Redriving_a_record_that_is_not_there_is_not_found_and_audited()
    {
        await (await Act($"/api/dlq/{DeadLetters}/records/0/999999/redrive", null, null)).AssertProblem(HttpStatusCode.NotFound);

        var audit = await _client.GetFromJsonAsync<JsonElement>($"/api/dlq/audit?topic={DeadLetters}");
        Assert.Contains(audit.EnumerateArray(), entry => entry.GetProperty("offset").GetInt64() == 999999
            && entry.GetProperty("operator").GetString() == "anonymous" && entry.GetProperty("outcome").GetString() == "NotFound");
    }

    [Fact]
    public async Task A_selection_is_redriven_once_each_and_a_missing_record_is_reported()
    {
        var keys = new[] { Guid.NewGuid(), Guid.NewGuid() };
        foreach (var key in keys)
            await api.ProducePoison(Topic, key, TraceParent);
        var positions = new List<object>();
        foreach (var key in keys)
        {
            var item = (await WaitForPending(key, count: 1)).Single();
            positions.Add(new { partition = item.GetProperty("partition").GetInt32(), offset = item.GetProperty("offset").GetInt64() });
        }

        var body = new { records = positions.Append(new { partition = 0, offset = 999999L }), reason = "bulk" };
        var first = await (await _client.PostAsJsonAsync($"/api/dlq/{DeadLetters}/redrive", body)).Json();
        var second = await (await _client.PostAsJsonAsync($"/api/dlq/{DeadLetters}/redrive", body)).Json();

        Assert.Equal(["Redriven", "Redriven", "NotFound"], Outcomes(first));
        Assert.Equal(["AlreadyRedriven", "AlreadyRedriven", "NotFound"], Outcomes(second));
        foreach (var key in keys)
        {
            await WaitForPending(key, count: 1);
            Assert.Equal(2, api.RecordsWithKey(Topic, key).Count);
        }
    }

    [Fact]
    public async Task A_redrive_of_all_takes_the_pending_records_and_skips_what_was_settled()
    {
        var key = Guid.NewGuid();
        await api.ProducePoison(Topic, key, TraceParent);
        var item = (await WaitForPending(key, count: 1)).Single();
        var position = (item.GetProperty("partition").GetInt32(), item.GetProperty("offset").GetInt64());

        var first = await (await _client.PostAsJsonAsync($"/api/dlq/{DeadLetters}/redrive", new { all = true })).Json();
        var second = await (await _client.PostAsJsonAsync($"/api/dlq/{DeadLetters}/redrive", new { all = true })).Json();

        Assert.Contains((position.Item1, position.Item2, "Redriven"), Results(first));
        Assert.DoesNotContain(Results(second), result => (result.Partition, result.Offset) == position);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("next").ValueKind);
    }

    static IEnumerable<(int Partition, long Offset, string? Outcome)> Results(JsonElement result) =>
        result.GetProperty("results").EnumerateArray().Select(entry =>
            (entry.GetProperty("partition").GetInt32(), entry.GetProperty("offset").GetInt64(), entry.GetProperty("outcome").GetString()));

    [Fact]
    public async Task A_redrive_of_neither_a_selection_nor_all_is_a_bad_request() =>
        await (await _client.PostAsJsonAsync($"/api/dlq/{DeadLetters}/redrive", new { reason = "nothing named" })).AssertProblem(HttpStatusCode.BadRequest);

    static IEnumerable<string?> Outcomes(JsonElement result) =>
        result.GetProperty("results").EnumerateArray().Select(entry => entry.GetProperty("outcome").GetString());

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var paths = (await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        var redrive = paths.GetProperty("/api/dlq/{topic}/records/{partition}/{offset}/redrive").GetProperty("post");
        Assert.Contains("original topic", redrive.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(paths.TryGetProperty("/api/dlq/{topic}/redrive", out _));
        Assert.True(paths.TryGetProperty("/api/dlq/audit", out _));
    }

    Task<HttpResponseMessage> Act(string url, string? caller, string? reason)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { reason }) };
        if (caller is not null)
            request.Headers.Add("X-Operator", caller);
        return _client.SendAsync(request);
    }

    async Task<List<JsonElement>> Listed(Guid key, string show)
    {
        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/dlq/{DeadLetters}/records?limit=200&show={show}");
        return [.. page.GetProperty("items").EnumerateArray().Where(item => item.GetProperty("key").GetString() == key.ToString("D"))];
    }

    Task<List<JsonElement>> WaitForPending(Guid key, int count) =>
        Eventually.Value(() => Listed(key, "pending"), items => items.Count == count, $"{count} pending dead letter(s) keyed {key}");
}
