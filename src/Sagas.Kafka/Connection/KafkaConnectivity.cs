using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Sagas.Kafka.Outages;

namespace Sagas.Kafka.Connection;

/// <summary>
/// Whether the cluster answers, probed with a bounded metadata request every <see cref="KafkaOptions.HealthProbeInterval"/>
/// from the rider's start or the first health check until the container is disposed, and every
/// <see cref="KafkaOptions.OutageProbeInterval"/> while it does not answer, so readiness sees it back within that long.
/// librdkafka reconnects by itself; this only tells health checks, and the <see cref="OutageMonitor"/> (which logs it),
/// what state it is in.
/// </summary>
internal sealed class KafkaConnectivity(KafkaCluster cluster, OutageMonitor outages, ILogger<KafkaConnectivity> logger) : IAsyncDisposable
{
    readonly Lock _gate = new();
    CancellationTokenSource? _probing;
    Task _probeLoop = Task.CompletedTask;

    const string Dependency = "Kafka";

    /// <summary>False until the first probe succeeded, and after a probe failed.</summary>
    public bool IsReachable { get; private set; }

    /// <summary>Why the last probe failed, while the cluster is unreachable.</summary>
    public string? LastError { get; private set; }

    public void Start()
    {
        lock (_gate)
        {
            if (_probing is not null)
                return;
            _probing = new CancellationTokenSource();
            _probeLoop = Task.Run(() => ProbeUntilStopped(_probing.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        CancellationTokenSource? probing;
        lock (_gate)
        {
            probing = _probing;
            _probing = null;
        }

        if (probing is null)
            return;

        await probing.CancelAsync();
        await _probeLoop;
        probing.Dispose();
    }

    async Task ProbeUntilStopped(CancellationToken cancellationToken)
    {
        var options = cluster.Options;
        using var admin = new AdminClientBuilder(cluster.CreateAdminConfig())
            .SetLogHandler((_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .SetErrorHandler((_, error) => logger.LogDebug("Kafka health probe client: {Code} {Reason}", error.Code, error.Reason))
            .Build();

        while (!cancellationToken.IsCancellationRequested)
        {
            Probe(admin, options.HealthProbeTimeout);
            try
            {
                await Task.Delay(IsReachable || options.OutageProbeInterval > options.HealthProbeInterval ? options.HealthProbeInterval : options.OutageProbeInterval,
                    cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    void Probe(IAdminClient admin, TimeSpan timeout)
    {
        try
        {
            admin.GetMetadata(timeout);
            if (!IsReachable && LastError is null)
                logger.LogInformation("Kafka cluster {BootstrapServers} is reachable", cluster.BootstrapServers);
            IsReachable = true;
            LastError = null;
            outages.Succeeded(Dependency);
        }
        catch (KafkaException exception)
        {
            IsReachable = false;
            LastError = exception.Error.Reason;
            outages.Failed(Dependency, $"{cluster.BootstrapServers}: {exception.Error.Reason}");
        }
    }
}
