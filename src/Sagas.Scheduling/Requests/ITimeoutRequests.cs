namespace Sagas.Scheduling;

/// <summary>
/// The seam between a saga's <c>Schedule</c>/<c>Unschedule</c> and Quartz. The default implementation applies each
/// request at once; a transactional outbox replaces it (registered scoped, resolved from the message scope when the
/// endpoint calls <c>UseMessageScope</c> before <c>UseKafkaMessageScheduler</c>) to store the request in the saga's
/// transaction, and its relay later calls <see cref="TimeoutScheduler.Apply"/>, which is idempotent.
/// </summary>
public interface ITimeoutRequests
{
    /// <summary>Takes a schedule or cancel request; once this returns, the request must not be lost.</summary>
    Task Submit(TimeoutRequest request, CancellationToken cancellationToken);
}
