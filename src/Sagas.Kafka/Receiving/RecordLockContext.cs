using MassTransit.Transports;

namespace Sagas.Kafka.Receiving;

/// <summary>
/// Told by MassTransit's dispatcher how a record's pipeline ended. Complete means it was consumed, or failed and went
/// to the DLQ; Faulted means even the DLQ failed. Whoever ran the record decides from this what its offset may do.
/// </summary>
internal sealed class RecordLockContext : ReceiveLockContext
{
    public Exception? Fault { get; private set; }

    public Task Complete() => Task.CompletedTask;

    public Task Faulted(Exception exception)
    {
        Fault = exception;
        return Task.CompletedTask;
    }

    public Task ValidateLockStatus() => Task.CompletedTask;
}
