using Sagas.Kafka.Embedded;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>One embedded cluster for the whole test run; tests isolate themselves with unique topics and groups.</summary>
public sealed class KafkaClusterFixture : IAsyncLifetime
{
    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Cluster = EmbeddedKafkaCluster.Start(brokers: 1);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A topic name no other test uses.</summary>
    public static string UniqueTopic(string scenario) => $"{scenario}.{Guid.NewGuid():N}";

    /// <summary>Options tuned for the embedded broker and short test timings.</summary>
    public KafkaOptions Options(Action<KafkaOptions>? adjust = null)
    {
        var options = new KafkaOptions
        {
            Partitions = 4,
            SessionTimeout = TimeSpan.FromSeconds(3),
            CheckpointInterval = TimeSpan.FromMilliseconds(100),
            CheckpointCount = 20,
            RetryBackoff = TimeSpan.FromMilliseconds(10),
            RetryMaxBackoff = TimeSpan.FromMilliseconds(50),
            StartTimeout = TimeSpan.FromSeconds(15),
            DrainTimeout = TimeSpan.FromSeconds(10),
            HealthProbeInterval = TimeSpan.FromMilliseconds(200),
            HealthProbeTimeout = TimeSpan.FromSeconds(1),
            ProduceTimeout = TimeSpan.FromSeconds(30),
        };
        adjust?.Invoke(options);
        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "kafka";
}
