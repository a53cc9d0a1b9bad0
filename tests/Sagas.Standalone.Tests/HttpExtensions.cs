using System.Net.Http.Json;

namespace Sagas.Standalone.Tests;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostWithKey(this HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/transfers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
