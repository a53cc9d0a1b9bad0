using Sagas.Kafka;
using Sagas.Kafka.Embedded;

namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>One embedded cluster for the run: tests isolate themselves with unique topics. Tests of this collection run one at a time.</summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Cluster = EmbeddedKafkaCluster.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A one-partition topic (and its DLQ) no other test uses.</summary>
    public string CreateTopic(string scenario)
    {
        var topic = $"{scenario}.{Guid.NewGuid():N}";
        Cluster.CreateTopic(topic, partitions: 1);
        Cluster.CreateTopic(topic + ".dlq", partitions: 1);
        return topic;
    }

    /// <summary>Kafka options for the embedded broker: quick group joins, checkpoints and retries.</summary>
    public static KafkaOptions Options() => new()
    {
        Partitions = 1,
        ProvisionTopics = false,
        SessionTimeout = TimeSpan.FromSeconds(3),
        CheckpointInterval = TimeSpan.FromMilliseconds(100),
        StartTimeout = TimeSpan.FromSeconds(15),
        DrainTimeout = TimeSpan.FromSeconds(5),
        RetryAttempts = 2,
        RetryBackoff = TimeSpan.FromMilliseconds(10),
        RetryMaxBackoff = TimeSpan.FromMilliseconds(50),
        HealthProbeInterval = TimeSpan.FromSeconds(1),
        ProduceTimeout = TimeSpan.FromSeconds(10),
    };
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
