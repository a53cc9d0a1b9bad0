using Sagas.Observability.Startup;

namespace Sagas.Gateway;

/// <summary>The start-up summary's lines of the gateway: the OpenAPI document it passes on, and each service's routes.</summary>
internal static class GatewaySummaryLines
{
    public static IServiceCollection AddGatewaySummaryLines(this IServiceCollection services, GatewayOptions options)
    {
        services.AddStartupSummaryLine("OpenAPI", (_, address) => new Uri(address, "/openapi/v1.json").ToString());
        foreach (var service in GatewayRoutes.Services)
        {
            var prefixes = GatewayRoutes.Table.Where(route => route.Service == service).Select(route => route.Prefix);
            var destinations = options.Services.GetValueOrDefault(service) ?? [];
            services.AddStartupSummaryLine(service, (_, _) => $"{string.Join(", ", prefixes)} -> {string.Join(", ", destinations)}");
        }
        return services;
    }
}
