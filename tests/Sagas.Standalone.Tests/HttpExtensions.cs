using System.Net.Http.Json;

namespace Sagas.Standalone.Tests;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostWithKey(this HttpClient client, object body, string key) =>
        client.PostWithKey("/api/transfers", body, key);

    public static Task<HttpResponseMessage> PostWithKey(this HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
