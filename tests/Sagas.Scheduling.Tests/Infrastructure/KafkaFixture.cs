using Sagas.Kafka;
using Sagas.Kafka.Embedded;

namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>
/// One embedded cluster of two brokers for the run: tests isolate themselves with unique topics, and the outage tests
/// take broker 2 down under topics they moved there. Tests of this collection run one at a time.
/// </summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    public const int SpareBroker = 2;

    public EmbeddedKafkaCluster Cluster { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Cluster = EmbeddedKafkaCluster.Start(brokers: 2);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A one-partition topic (and its DLQ) no other test uses, led by broker 1 unless told otherwise.</summary>
    public string CreateTopic(string scenario, int leader = 1, int deadLetterLeader = 1)
    {
        var topic = $"{scenario}.{Guid.NewGuid():N}";
        Cluster.CreateTopic(topic, partitions: 1);
        Cluster.CreateTopic(topic + ".dlq", partitions: 1);
        Cluster.SetPartitionLeader(topic, 0, leader);
        Cluster.SetPartitionLeader(topic + ".dlq", 0, deadLetterLeader);
        return topic;
    }

    /// <summary>Kafka options for the embedded broker; <paramref name="produceTimeout"/> bounds one delivery attempt.</summary>
    public static KafkaOptions Options(TimeSpan? produceTimeout = null) => new()
    {
        Partitions = 1,
        SessionTimeout = TimeSpan.FromSeconds(3),
        CheckpointInterval = TimeSpan.FromMilliseconds(100),
        StartTimeout = TimeSpan.FromSeconds(15),
        DrainTimeout = TimeSpan.FromSeconds(5),
        RetryBackoff = TimeSpan.FromMilliseconds(10),
        RetryMaxBackoff = TimeSpan.FromMilliseconds(50),
        HealthProbeInterval = TimeSpan.FromSeconds(1),
        ProduceTimeout = produceTimeout ?? TimeSpan.FromSeconds(10),
    };
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
