using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Sagas.Gateway;

/// <summary>
/// Sends a request that could not reach its destination (connection refused, unknown host) to another destination of
/// the same service, each at most once. Such a request never left the gateway, so sending it again cannot do anything
/// twice, even a POST; a replica that just went down then costs no caller an error before the health checks notice.
/// Anything that may have reached the service (a timeout, a broken response) is not sent again.
/// </summary>
public static class UnreachedDestinationRetry
{
    /// <summary>Runs before load balancing, which picks one of <see cref="IReverseProxyFeature.AvailableDestinations"/>.</summary>
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        var unreached = new List<DestinationState>();
        while (true)
        {
            await next();
            if (!NeverReached(context) || proxy.ProxiedDestination is not { } failed)
                return;
            unreached.Add(failed);
            var untried = candidates.Where(destination => !unreached.Contains(destination)).ToList();
            if (untried.Count == 0)
                return;

            proxy.AvailableDestinations = untried;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
        }
    }

    static bool NeverReached(HttpContext context) =>
        !context.Response.HasStarted
        && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: { } exception }
        && ConnectFailure(exception);

    static bool ConnectFailure(Exception? exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
        null => false,
        _ => ConnectFailure(exception.InnerException),
    };
}
