using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Embedded;

namespace Sagas.EmbeddedKafka;

/// <summary>Owns the cluster for the lifetime of the host and publishes its address.</summary>
internal sealed class EmbeddedKafkaService(IOptions<EmbeddedKafkaHostOptions> options, ILogger<EmbeddedKafkaService> logger) : IHostedService
{
    EmbeddedKafkaCluster? _cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _cluster = EmbeddedKafkaCluster.Start(settings.Brokers);
        foreach (var topic in settings.TopicNames())
            _cluster.CreateTopic(topic, settings.Partitions, settings.ReplicationFactor);

        if (settings.BootstrapFile is { } file)
            await WriteAtomically(file, _cluster.BootstrapServers, cancellationToken);

        Console.WriteLine(_cluster.BootstrapServers);
        logger.LogInformation("Embedded Kafka with {Brokers} broker(s) at {BootstrapServers}; topics: {Topics}", settings.Brokers, _cluster.BootstrapServers,
            string.Join(", ", settings.TopicNames()));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (options.Value.BootstrapFile is { } file)
            File.Delete(file);
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    /// <summary>Readers polling for the file never see it half written.</summary>
    static async Task WriteAtomically(string path, string content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        await File.WriteAllTextAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
