using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Sagas.Gateway;

/// <summary>YARP's routes and clusters: one route per prefix of the route table, one cluster per service.</summary>
public static class ProxyConfiguration
{
    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. GatewayRoutes.Table.Select(route => new RouteConfig
        {
            RouteId = route.Prefix.Trim('/').Replace('/', '-'),
            ClusterId = route.Service,
            Match = new RouteMatch { Path = $"{route.Prefix}/{{**rest}}" },
            // The services build Location from the Host they see: with the caller's Host they name the gateway, not
            // a container address the caller cannot reach.
            Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }],
        }),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options) =>
    [
        .. options.Services.Select(service => new ClusterConfig
        {
            ClusterId = service.Key,
            LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.RequestTimeout },
            HealthCheck = new HealthCheckConfig
            {
                // While every destination looks down, try them anyway: one that came back answers at once, and one that
                // is still down ends in the gateway's 503 all the same.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = options.HealthProbeInterval,
                    Timeout = options.HealthProbeTimeout,
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = options.HealthProbePath,
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = options.HealthProbeInterval,
                },
            },
            Destinations = service.Value
                .Select((address, index) => (Id: $"{service.Key}-{index}", Address: address))
                .ToDictionary(destination => destination.Id, destination => new DestinationConfig { Address = destination.Address }),
        }),
    ];
}
