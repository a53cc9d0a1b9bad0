using Confluent.Kafka;
using MassTransit.Transports;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// Told by MassTransit's dispatcher how a record's pipeline ended. Complete means it was consumed, or failed
/// and went to the DLQ, so its offset may be committed; Faulted means even the DLQ failed, so it must not be.
/// </summary>
internal sealed class RecordLockContext(OffsetCheckpointer checkpointer, PartitionOffsets offsets, ConsumeResult<byte[], byte[]> record)
    : ReceiveLockContext
{
    public Exception? Fault { get; private set; }

    public Task Complete()
    {
        checkpointer.Finished(offsets, record.Offset);
        return Task.CompletedTask;
    }

    public Task Faulted(Exception exception)
    {
        Fault = exception;
        return Task.CompletedTask;
    }

    public Task ValidateLockStatus() => Task.CompletedTask;
}
