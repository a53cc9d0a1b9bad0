using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// The consumer's circuit breaker: while any of its lanes waits for a dependency, its assigned partitions are paused, so
/// nothing more is fetched that could only wait too; once none waits, they resume where the records in hand end, and
/// the held records, still uncommitted, run first.
/// </summary>
internal sealed class ConsumerPause(Func<IConsumer<byte[], byte[]>> consumer, string topic, ILogger logger)
{
    readonly Lock _gate = new();
    int _waiting;

    public void Begin()
    {
        lock (_gate)
        {
            if (_waiting++ == 0)
                Apply(paused: true);
        }
    }

    public void End()
    {
        lock (_gate)
        {
            if (--_waiting == 0)
                Apply(paused: false);
        }
    }

    void Apply(bool paused)
    {
        try
        {
            var client = consumer();
            var partitions = client.Assignment;
            if (paused)
                client.Pause(partitions);
            else
                client.Resume(partitions);
            logger.LogInformation("{Action} {Partitions} of {Topic}", paused ? "Paused" : "Resumed", partitions.Count, topic);
        }
        catch (Exception exception) when (exception is KafkaException or ObjectDisposedException)
        {
            // A consumer closing or rebalancing has nothing to pause: the next assignment starts unpaused anyway.
            logger.LogDebug("{Action} the partitions of {Topic} failed: {Reason}", paused ? "Pausing" : "Resuming", topic, exception.Message);
        }
    }
}
