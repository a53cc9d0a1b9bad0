namespace Sagas.Kafka.Connection;

/// <summary>Which cluster this process talks to, for a host to say so (its start-up summary).</summary>
public interface IKafkaClusterInfo
{
    string BootstrapServers { get; }

    /// <summary>Whether the cluster is the embedded one, living in this process (or a test's), not configured brokers.</summary>
    bool IsEmbedded { get; }
}
