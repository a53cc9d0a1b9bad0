using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sagas.Gateway.Tests;

/// <summary>
/// A stand-in for one service replica on a real loopback port: echoes who it is and what it got, and answers the way
/// the real services do for a few path endings (<c>missing</c>, <c>taken</c>, <c>busy</c>, <c>slow</c>, opening an account).
/// </summary>
public sealed class FakeService : IAsyncDisposable
{
    public const string OpenedAccount = "acc-1";
    public const int BusyRetryAfterSeconds = 7;

    readonly WebApplication _app;
    bool _stopped;

    FakeService(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Address => _app.Urls.Single();

    /// <summary>What <c>/health/ready</c> answers: 200 while true, 503 while false.</summary>
    public bool Ready { get; set; } = true;

    /// <summary>One answer of the default echo, as the tests read it.</summary>
    public sealed record Echo(string Service, string Method, string Path, string Query, string Host, string? Traceparent, string Body);

    public static async Task<FakeService> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new FakeService(name, app);
        app.MapGet("/health/ready", () => service.Ready ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        app.Map("/{**path}", (HttpContext http, CancellationToken ct) => Answer(name, http, ct));
        await app.StartAsync();
        return service;
    }

    /// <summary>Stops listening: the port refuses connections from now on, as a replica that went down.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
            await _app.StopAsync();
        await _app.DisposeAsync();
    }

    static async Task<IResult> Answer(string name, HttpContext http, CancellationToken ct)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "";
        switch (path.Split('/').Last())
        {
            case "missing":
                return TypedResults.Problem(title: "Not found", detail: $"{path} does not exist.", statusCode: StatusCodes.Status404NotFound);
            case "taken":
                return TypedResults.Problem(title: "Conflict", detail: "Already taken.", statusCode: StatusCodes.Status409Conflict);
            case "busy":
                http.Response.Headers.RetryAfter = BusyRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(title: "Not ready yet", detail: "Still starting.", statusCode: StatusCodes.Status503ServiceUnavailable);
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                break;
        }

        using var reader = new StreamReader(request.Body);
        var echo = new Echo(name, request.Method, path, request.QueryString.Value ?? "", request.Host.Value ?? "",
            request.Headers.TraceParent.FirstOrDefault(), await reader.ReadToEndAsync(ct));
        if (HttpMethods.IsPost(request.Method) && path.TrimEnd('/') == "/api/accounts")
            return TypedResults.Created($"{request.Scheme}://{request.Host}/api/accounts/{OpenedAccount}", echo);
        return TypedResults.Ok(echo);
    }
}
