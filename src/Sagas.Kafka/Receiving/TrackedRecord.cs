using System.Text;
using Confluent.Kafka;

namespace Sagas.Kafka.Receiving;

/// <summary>A record taken from the group, with the bookkeeping of the partition it came from.</summary>
internal sealed record TrackedRecord(ConsumeResult<byte[], byte[]> Record, PartitionOffsets Offsets)
{
    public long Offset => Record.Offset.Value;

    public RecordIdentity Identity => new(RecordKey.TryDecode(Record.Message.Key), MessageIdOf(Record.Message.Headers));

    static Guid? MessageIdOf(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(KafkaHeaders.MessageId, out var bytes) && Guid.TryParse(Encoding.UTF8.GetString(bytes), out var id)
            ? id
            : null;
}
