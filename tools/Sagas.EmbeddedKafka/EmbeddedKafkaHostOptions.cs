namespace Sagas.EmbeddedKafka;

/// <summary>What cluster to run; bound from the command line (<c>--brokers 3 --topics a,b --bootstrap-file path</c>), environment or appsettings.json.</summary>
public sealed class EmbeddedKafkaHostOptions
{
    public int Brokers { get; set; } = 1;

    /// <summary>Topics to create at start, comma-separated.</summary>
    public string Topics { get; set; } = "";

    public int Partitions { get; set; } = 6;

    public int ReplicationFactor { get; set; } = 1;

    /// <summary>File to write the bootstrap address to, so other processes can find the cluster; removed on exit.</summary>
    public string? BootstrapFile { get; set; }

    public IEnumerable<string> TopicNames() => Topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
