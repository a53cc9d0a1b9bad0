using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.EmbeddedKafka;

/// <summary>What cluster to run; bound from the command line (<c>--brokers 3 --topics a,b --bootstrap-file path</c>), environment or appsettings.json.</summary>
public sealed class EmbeddedKafkaHostOptions
{
    public int Brokers { get; set; } = 1;

    /// <summary>
    /// Topics to create at start, comma-separated; empty creates the platform's topics (<see cref="TopicOptions"/>'s
    /// defaults) and their dead-letter topics. The cluster cannot answer a client's CreateTopics, so the platform's hosts
    /// find their topics here.
    /// </summary>
    public string Topics { get; set; } = "";

    public int Partitions { get; set; } = 6;

    public int ReplicationFactor { get; set; } = 1;

    /// <summary>File to write the bootstrap address to, so other processes can find the cluster; removed on exit.</summary>
    public string? BootstrapFile { get; set; }

    public IEnumerable<string> TopicNames()
    {
        var named = Topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (named.Length > 0)
            return named;

        var platform = new TopicOptions().All().ToList();
        var deadLetterSuffix = new KafkaOptions().DeadLetterSuffix;
        return platform.Concat(platform.Select(topic => topic + deadLetterSuffix));
    }
}
