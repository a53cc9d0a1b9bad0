using Microsoft.Extensions.Options;

namespace Sagas.Gateway;

public static class GatewayExtensions
{
    /// <summary>YARP with the route table and the configured destinations; refuses options it cannot route with.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var problems = options.Problems(GatewayRoutes.Services).ToList();
        if (problems.Count > 0)
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions), problems);

        builder.Services.AddProblemDetails();
        builder.Services.AddGatewaySummaryLines(options);
        builder.Services.AddReverseProxy().LoadFromMemory(ProxyConfiguration.Routes(), ProxyConfiguration.Clusters(options));
        return builder;
    }

    /// <summary>The routes of the route table, and a 404 with problem details for any path no service serves.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(UnavailableServiceProblem.InvokeAsync);
            proxy.Use(UnreachedDestinationRetry.InvokeAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.MapFallback(() => TypedResults.Problem(title: "Not found", detail: "No service serves this path.",
            statusCode: StatusCodes.Status404NotFound)).ExcludeFromDescription();
        return app;
    }
}
