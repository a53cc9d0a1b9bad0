using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Embedded;

namespace Sagas.Kafka.Connection;

/// <summary>
/// The cluster this process talks to: an <see cref="EmbeddedKafkaCluster"/> registered in DI (shared, not owned),
/// else the configured brokers, else an embedded cluster started on first use and owned (disposed) here.
/// Every client configuration is built here so they agree on the basics.
/// </summary>
internal sealed class KafkaCluster : IKafkaClusterInfo, IAsyncDisposable
{
    readonly Lazy<EmbeddedKafkaCluster?> _embedded;
    readonly ILogger<KafkaCluster> _logger;
    bool _ownsEmbedded;

    public KafkaCluster(IOptions<KafkaOptions> options, ILogger<KafkaCluster> logger, IServiceProvider services)
    {
        Options = options.Value;
        _logger = logger;
        _embedded = new Lazy<EmbeddedKafkaCluster?>(() => services.GetService<EmbeddedKafkaCluster>() ?? StartEmbeddedIfConfigured());
    }

    public KafkaOptions Options { get; }

    /// <summary>The embedded cluster in use, shared or owned; null when talking to configured brokers.</summary>
    public EmbeddedKafkaCluster? Embedded => _embedded.Value;

    public string BootstrapServers => Embedded?.BootstrapServers ?? Options.BootstrapServers!;

    public bool IsEmbedded => Embedded is not null;

    public ConsumerConfig CreateConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = Options.AutoOffsetReset,
        SessionTimeoutMs = (int)Options.SessionTimeout.TotalMilliseconds,
        HeartbeatIntervalMs = (int)(Options.SessionTimeout.TotalMilliseconds / 3),
        FetchWaitMaxMs = Options.FetchWaitMaxMs ?? (Embedded is null ? null : KafkaOptions.EmbeddedFetchWaitMaxMs),
        // A saga hop is a small request and a small reply: Nagle's algorithm would hold each back for the previous ACK.
        SocketNagleDisable = true,
    };

    /// <summary>
    /// Idempotent, so a real broker refuses a request that overtook an earlier one being retried and the producer sends
    /// both again in order. The embedded broker checks no sequence numbers for idempotent producers: there a retried
    /// request would land behind later ones (or, with the later ones acknowledged, be taken for written and lost), so
    /// only one request per connection may be in flight.
    /// </summary>
    public ProducerConfig CreateProducerConfig() => new()
    {
        BootstrapServers = BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        MessageTimeoutMs = (int)Options.ProduceTimeout.TotalMilliseconds,
        LingerMs = Options.ProduceLinger.TotalMilliseconds,
        MaxInFlight = Options.ProduceMaxInFlight ?? (Embedded is null ? null : KafkaOptions.EmbeddedProduceMaxInFlight),
        SocketNagleDisable = true,
    };

    public AdminClientConfig CreateAdminConfig() => new() { BootstrapServers = BootstrapServers };

    public async ValueTask DisposeAsync()
    {
        if (_ownsEmbedded && _embedded.Value is { } cluster)
            await cluster.DisposeAsync();
    }

    EmbeddedKafkaCluster? StartEmbeddedIfConfigured()
    {
        if (!string.IsNullOrWhiteSpace(Options.BootstrapServers))
            return null;

        var cluster = EmbeddedKafkaCluster.Start(Options.EmbeddedBrokers);
        _ownsEmbedded = true;
        _logger.LogInformation("No Kafka:BootstrapServers configured: started an embedded Kafka cluster at {BootstrapServers}", cluster.BootstrapServers);
        return cluster;
    }
}
