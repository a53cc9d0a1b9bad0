using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace Sagas.Kafka.Connection;

/// <summary>
/// Creates topics before anything consumes them. The embedded cluster has no CreateTopics handler (an AdminClient
/// would hang until its timeout), so it gets its topics through the mock API; a real cluster through the AdminClient.
/// </summary>
internal sealed class TopicProvisioner(KafkaCluster cluster, ILogger<TopicProvisioner> logger)
{
    readonly HashSet<string> _created = [];
    readonly HashSet<string> _declared = [];
    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Adds topics to create along with the next ones asked for, typically those this process only produces to.</summary>
    public void Declare(IEnumerable<string> topics)
    {
        lock (_declared)
            _declared.UnionWith(topics);
    }

    public async Task EnsureCreated(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        var options = cluster.Options;
        if (!options.ProvisionTopics)
            return;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            List<string> declared;
            lock (_declared)
                declared = [.. _declared];
            var missing = topics.Concat(options.Topics).Concat(declared).Distinct(StringComparer.Ordinal).Where(topic => !_created.Contains(topic)).ToList();
            if (missing.Count == 0)
                return;

            if (cluster.Embedded is { } embedded)
                missing.ForEach(topic => embedded.CreateTopic(topic, options.Partitions, options.ReplicationFactor));
            else if (!await TryCreateWithAdminClient(missing, cancellationToken))
                return;

            _created.UnionWith(missing);
            logger.LogInformation("Kafka topics ready: {Topics}", string.Join(", ", missing));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Best effort: a cluster that cannot create topics (a mock cluster in another process has no CreateTopics
    /// handler) or cannot be reached must not keep the consumers from starting; they wait for the topics instead.
    /// </summary>
    async Task<bool> TryCreateWithAdminClient(IReadOnlyList<string> wanted, CancellationToken cancellationToken)
    {
        var options = cluster.Options;
        using var admin = new AdminClientBuilder(cluster.CreateAdminConfig()).Build();
        var topics = Absent(admin, wanted);
        if (topics.Count == 0)
            return true;

        var specifications = topics.Select(topic => new TopicSpecification
        {
            Name = topic,
            NumPartitions = options.Partitions,
            ReplicationFactor = options.ReplicationFactor,
        });

        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { OperationTimeout = options.ProvisioningTimeout, RequestTimeout = options.ProvisioningTimeout })
                .WaitAsync(options.ProvisioningTimeout, cancellationToken);
            return true;
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            logger.LogDebug("Kafka topics already existed: {Topics}", string.Join(", ", exception.Results.Where(r => r.Error.Code == ErrorCode.TopicAlreadyExists).Select(r => r.Topic)));
            return true;
        }
        catch (Exception exception) when (exception is KafkaException or TimeoutException)
        {
            logger.LogWarning(exception, "Could not create Kafka topics {Topics}; consumers start anyway and wait for them", string.Join(", ", topics));
            return false;
        }
    }

    /// <summary>
    /// The topics the cluster does not list. Asking first spares a cluster whose topics were created by someone else
    /// (kafka-init, the embedded broker tool, which cannot answer CreateTopics at all) a create request and its timeout.
    /// </summary>
    List<string> Absent(IAdminClient admin, IReadOnlyList<string> topics)
    {
        try
        {
            var existing = admin.GetMetadata(cluster.Options.ProvisioningTimeout).Topics
                .Where(topic => topic.Error.Code == ErrorCode.NoError).Select(topic => topic.Topic).ToHashSet(StringComparer.Ordinal);
            return [.. topics.Where(topic => !existing.Contains(topic))];
        }
        catch (KafkaException exception)
        {
            logger.LogDebug("Could not list Kafka topics ({Reason}); asking to create all of them", exception.Error.Reason);
            return [.. topics];
        }
    }
}
