using Yarp.ReverseProxy.Forwarder;

namespace Sagas.Gateway;

/// <summary>
/// Turns YARP's bare 502/503/504 for a service that did not answer into a 503 with problem details naming the service.
/// Answers the service itself gave, problem details included, are never touched.
/// </summary>
public static class UnavailableServiceProblem
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.HasStarted || context.Features.Get<IForwarderErrorFeature>()?.Error is not { } error || Why(error) is not { } why)
            return;

        var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        context.Response.Clear();
        await TypedResults.Problem(title: "Service unavailable", detail: $"The {service} service {why}; try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
    }

    /// <summary>Why the service did not answer, for the errors that mean it did not; null for the others (a client that went away).</summary>
    static string? Why(ForwarderError error) => error switch
    {
        ForwarderError.NoAvailableDestinations => "has no destination available",
        ForwarderError.Request => "could not be reached",
        ForwarderError.RequestTimedOut => "did not answer in time",
        ForwarderError.ResponseHeaders or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination =>
            "broke off the exchange",
        _ => null,
    };
}
