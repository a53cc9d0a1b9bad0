using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sagas.Observability.Health;

namespace Sagas.Orchestrator.Api;

/// <summary>
/// Until the host has been ready once, a request that would start a saga is refused with <c>503</c> and
/// <c>Retry-After</c>: accepted work would wait on consumer groups that have not joined and could time out before
/// the platform runs. Reads stay available; once ready, the host never refuses for this reason again.
/// </summary>
public static class StartupRefusal
{
    /// <summary>Refuses the endpoint's requests until the <see cref="ReadinessGate"/> has opened.</summary>
    public static RouteHandlerBuilder RefusedUntilReady(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<Filter>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    sealed class Filter(ReadinessGate gate, IOptions<ReadinessOptions> options) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            if (gate.IsOpen)
                return await next(context);

            var retryAfter = (int)Math.Ceiling(options.Value.RetryAfter.TotalSeconds);
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "Not ready yet",
                detail: $"The platform is still starting (see /health/ready); retry in {retryAfter} s.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
