using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.Api;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostWithKey(this HttpClient client, string url, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts an RFC 9457 problem answer with the status, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", problem.GetRawText());
        return problem;
    }

    /// <summary>Polls a saga resource until it reaches <paramref name="state"/>.</summary>
    public static async Task<JsonElement> WaitForState(this HttpClient client, string url, string state) =>
        await Eventually.Value(async () =>
        {
            var response = await client.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK ? await response.Json() : default;
        }, json => json.ValueKind == JsonValueKind.Object && json.GetProperty("state").GetString() == state, $"{url} is {state}");
}
