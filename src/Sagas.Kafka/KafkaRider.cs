using MassTransit;
using MassTransit.Transports;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Connection;

namespace Sagas.Kafka;

/// <summary>
/// Starts and stops the topic endpoints with the bus. Start is bounded: the bus waits at most
/// <see cref="KafkaOptions.StartTimeout"/> for the endpoints, which keep retrying on their own afterwards.
/// </summary>
internal sealed class KafkaRider(IReceiveEndpointCollection endpoints, KafkaConnectivity connectivity, KafkaOptions options, ILogger logger) : IKafkaRider
{
    public RiderHandle Start(CancellationToken cancellationToken = default)
    {
        connectivity.Start();
        var handles = endpoints.StartEndpoints(cancellationToken);
        return new Handle(WaitReady(handles), endpoints.StopEndpoints);
    }

    public IEnumerable<EndpointHealthResult> CheckEndpointHealth()
    {
        var results = endpoints.CheckEndpointHealth();
        return connectivity.IsReachable
            ? results
            : results.Select(r => EndpointHealthResult.Unhealthy(r.ReceiveEndpoint, $"Kafka cluster unreachable: {connectivity.LastError}", r.Exception));
    }

    async Task WaitReady(HostReceiveEndpointHandle[] handles)
    {
        try
        {
            await Task.WhenAll(handles.Select(h => h.Ready)).WaitAsync(options.StartTimeout);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Kafka topic endpoints not ready within {Timeout}; the bus starts anyway and they keep retrying", options.StartTimeout);
        }
    }

    sealed class Handle(Task ready, Func<CancellationToken, Task> stop) : RiderHandle
    {
        public Task Ready => ready;

        public Task StopAsync(CancellationToken cancellationToken) => stop(cancellationToken);
    }
}
