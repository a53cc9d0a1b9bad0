using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Connection;

namespace Sagas.Kafka;

/// <summary>
/// Ready when the cluster answers and every topic endpoint is healthy; unhealthy while the cluster is
/// unreachable or an endpoint is restarting. Registered as <c>kafka</c> with the tags <c>ready</c> and <c>kafka</c>.
/// </summary>
public sealed class KafkaHealthCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "kafka";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectivity = services.GetRequiredService<KafkaConnectivity>();
        connectivity.Start();
        if (!connectivity.IsReachable)
            return Task.FromResult(HealthCheckResult.Unhealthy($"Kafka cluster unreachable: {connectivity.LastError ?? "not connected yet"}"));

        if (!TryCheckEndpoints(out var endpoints))
            return Task.FromResult(HealthCheckResult.Unhealthy("The Kafka rider has not started yet"));

        var unhealthy = endpoints.Where(e => e.Status != BusHealthStatus.Healthy).ToList();
        return Task.FromResult(unhealthy.Count == 0
            ? HealthCheckResult.Healthy($"{endpoints.Count} Kafka topic endpoint(s) ready")
            : HealthCheckResult.Unhealthy(string.Join("; ", unhealthy.Select(e => $"{e.InputAddress}: {e.Description}"))));
    }

    /// <summary>A process without a rider has no endpoints; one whose bus has not started yet cannot hand its rider out.</summary>
    bool TryCheckEndpoints(out List<EndpointHealthResult> endpoints)
    {
        try
        {
            endpoints = services.GetService<IKafkaRider>()?.CheckEndpointHealth().ToList() ?? [];
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ConfigurationException)
        {
            endpoints = [];
            return false;
        }
    }
}
