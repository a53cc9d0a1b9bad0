namespace Sagas.Scheduling;

/// <summary>
/// The seam between a saga's <c>Schedule</c>/<c>Unschedule</c> and Quartz. The default implementation applies each
/// request at once; a transactional outbox replaces it, registered scoped: it is resolved from the scope the saga
/// repository opened for the message, so it can add the request to the saga's DbContext and commit with the saga row.
/// Its relay later calls <see cref="TimeoutScheduler.Apply"/>, which is idempotent.
/// </summary>
public interface ITimeoutRequests
{
    /// <summary>Takes a schedule or cancel request; once this returns, the request must not be lost.</summary>
    Task Submit(TimeoutRequest request, CancellationToken cancellationToken);
}
