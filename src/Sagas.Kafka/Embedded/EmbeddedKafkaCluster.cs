using Confluent.Kafka;

namespace Sagas.Kafka.Embedded;

/// <summary>
/// An in-process Kafka cluster (librdkafka's mock cluster): real TCP listeners on 127.0.0.1 speaking the Kafka
/// protocol, data in memory, alive as long as this object. For the one-command start and for tests; other
/// processes can share it through <see cref="BootstrapServers"/>.
/// </summary>
public sealed class EmbeddedKafkaCluster : IAsyncDisposable
{
    readonly Lock _gate = new();
    IntPtr _hostClient;
    IntPtr _cluster;

    EmbeddedKafkaCluster(IntPtr hostClient, IntPtr cluster, int brokers)
    {
        _hostClient = hostClient;
        _cluster = cluster;
        Brokers = brokers;
        BootstrapServers = LibRdKafka.Bootstraps(cluster);
    }

    /// <summary>The comma-separated listener addresses clients connect to.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has; broker ids run from 1 to this number.</summary>
    public int Brokers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers whose consumer groups form without the 3 s initial delay.</summary>
    public static EmbeddedKafkaCluster Start(int brokers = 1, TimeSpan? initialRebalanceDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);

        var hostClient = LibRdKafka.CreateHostClient();
        var cluster = LibRdKafka.CreateCluster(hostClient, brokers);
        if (cluster == IntPtr.Zero)
        {
            LibRdKafka.DestroyClient(hostClient);
            throw new InvalidOperationException("librdkafka could not start a mock cluster.");
        }

        LibRdKafka.SetInitialRebalanceDelay(cluster, (int)(initialRebalanceDelay ?? TimeSpan.Zero).TotalMilliseconds);
        return new EmbeddedKafkaCluster(hostClient, cluster, brokers);
    }

    /// <summary>Creates a topic; creating one that exists is a no-op.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1) =>
        Invoke(cluster => LibRdKafka.CreateTopic(cluster, topic, partitions, Math.Min(replicationFactor, Brokers)));

    /// <summary>Makes a broker drop its connections and refuse new ones until <see cref="BringBrokerUp"/>.</summary>
    public void TakeBrokerDown(int brokerId) => Invoke(cluster => LibRdKafka.SetBrokerDown(cluster, brokerId));

    /// <summary>Lets a broker taken down accept connections again.</summary>
    public void BringBrokerUp(int brokerId) => Invoke(cluster => LibRdKafka.SetBrokerUp(cluster, brokerId));

    /// <summary>Adds a round-trip latency to every response of a broker.</summary>
    public void SetBrokerLatency(int brokerId, TimeSpan roundTrip) =>
        Invoke(cluster => LibRdKafka.SetBrokerRtt(cluster, brokerId, (int)roundTrip.TotalMilliseconds));

    /// <summary>Moves the leadership of a partition to another broker.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Invoke(cluster => LibRdKafka.SetPartitionLeader(cluster, topic, partition, brokerId));

    /// <summary>Makes the next requests of a protocol API (e.g. 0 = Produce, 8 = OffsetCommit) fail with the given errors, in order.</summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors) =>
        Invoke(cluster => LibRdKafka.PushRequestErrors(cluster, apiKey, errors));

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_cluster == IntPtr.Zero)
                return ValueTask.CompletedTask;

            LibRdKafka.DestroyCluster(_cluster);
            LibRdKafka.DestroyClient(_hostClient);
            _cluster = IntPtr.Zero;
            _hostClient = IntPtr.Zero;
        }

        return ValueTask.CompletedTask;
    }

    void Invoke(Action<IntPtr> action)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            action(_cluster);
        }
    }
}
