using Confluent.Kafka;

namespace Sagas.Kafka.Receiving;

/// <summary>A record taken from the group, with the bookkeeping of the partition it came from.</summary>
internal sealed record TrackedRecord(ConsumeResult<byte[], byte[]> Record, PartitionOffsets Offsets)
{
    public long Offset => Record.Offset.Value;
}
