using MassTransit;

namespace Sagas.Kafka.Batching;

/// <summary>
/// Rides on every record of a batch that runs as one unit of work. MassTransit's retry filters find a retry already in
/// charge (the batch's own: it rolls back and runs its records again one at a time) and rethrow at once instead of
/// retrying inside a transaction that may be broken, and the dead-letter filters leave a failed record to that rerun
/// instead of dead-lettering it.
/// </summary>
internal sealed class BatchAttempt : RetryContext
{
    public Exception? Fault { get; private set; }

    public CancellationToken CancellationToken => CancellationToken.None;

    public Exception Exception => Fault ?? new InvalidOperationException("The batch has not failed.");

    public int RetryAttempt => 0;

    public int RetryCount => 0;

    public TimeSpan? Delay => null;

    public Type ContextType => typeof(ReceiveContext);

    /// <summary>Notes the first failure of any record of the batch.</summary>
    public void Failed(Exception exception) => Fault ??= exception;

    public Task RetryFaulted(Exception exception)
    {
        Failed(exception);
        return Task.CompletedTask;
    }

    public Task PreRetry() => Task.CompletedTask;
}
