namespace Sagas.Kafka.Outages;

/// <summary>
/// Rides on a record run on its own. When the record fails because a dependency is down (see <see cref="TransientFailure"/>),
/// the dead-letter filters leave it here instead of dead-lettering it: the record is not at fault, and whoever runs it
/// holds it until the dependency is back.
/// </summary>
internal sealed class OutageHold
{
    public Exception? Fault { get; private set; }

    /// <summary>Takes the record's failure when it is an outage; false when the failure is the message's own.</summary>
    public bool TryHold(Exception exception)
    {
        if (!TransientFailure.IsTransient(exception))
            return false;
        Fault ??= exception;
        return true;
    }
}
