using Confluent.Kafka;
using Sagas.Kafka.Receiving;

namespace Sagas.Kafka.Diagnostics;

/// <summary>
/// Lag of one consumer's assigned partitions: the high watermark librdkafka last fetched (cached, no broker call)
/// minus the offset committed for the partition, or, before the first commit of this assignment, the offset the
/// member started from (which is the group's committed offset).
/// </summary>
internal sealed class ConsumerLag(IConsumer<byte[], byte[]> consumer, Func<IEnumerable<PartitionOffsets>> assigned)
{
    public IEnumerable<(TopicPartition Partition, long Lag)> Measure()
    {
        foreach (var offsets in assigned())
        {
            if (offsets.CommittedPosition is not { } position)
                continue;

            var high = consumer.GetWatermarkOffsets(offsets.Partition).High;
            if (high == Offset.Unset)
                continue;

            yield return (offsets.Partition, Math.Max(0, high.Value - position));
        }
    }
}
