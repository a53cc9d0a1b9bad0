using Sagas.Kafka;
using Sagas.Kafka.Embedded;

namespace Sagas.Outbox.Tests.Support;

/// <summary>
/// One embedded cluster of two brokers for the run: tests isolate themselves with topics of their own, and the outage
/// test takes broker 2 down under a topic it led there. Tests of this collection run one at a time.
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

    /// <summary>A one-partition topic (and its DLQ) no other test uses, led by <paramref name="leader"/>.</summary>
    public string CreateTopic(string scenario, int leader = 1)
    {
        var topic = $"{scenario}.{Guid.NewGuid():N}";
        foreach (var name in new[] { topic, topic + ".dlq" })
        {
            Cluster.CreateTopic(name, partitions: 1);
            Cluster.SetPartitionLeader(name, 0, leader);
        }
        return topic;
    }

    /// <summary>Kafka options for the embedded broker; <paramref name="produceTimeout"/> bounds one produce.</summary>
    public static KafkaOptions Options(TimeSpan? produceTimeout = null) => new()
    {
        Partitions = 1,
        ProvisionTopics = false,
        HealthProbeInterval = TimeSpan.FromSeconds(1),
        ProduceTimeout = produceTimeout ?? TimeSpan.FromSeconds(10),
    };

    /// <summary>Options for a process that also consumes: quick group joins, checkpoints and retries (two attempts before the DLQ).</summary>
    public static KafkaOptions ConsumerOptions()
    {
        var options = Options();
        options.SessionTimeout = TimeSpan.FromSeconds(3);
        options.CheckpointInterval = TimeSpan.FromMilliseconds(100);
        options.StartTimeout = TimeSpan.FromSeconds(15);
        options.DrainTimeout = TimeSpan.FromSeconds(5);
        options.RetryAttempts = 2;
        options.RetryBackoff = TimeSpan.FromMilliseconds(10);
        options.RetryMaxBackoff = TimeSpan.FromMilliseconds(50);
        return options;
    }
}

[CollectionDefinition(Name)]
public sealed class KafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "kafka";
}
