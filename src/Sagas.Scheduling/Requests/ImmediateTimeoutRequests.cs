namespace Sagas.Scheduling;

/// <summary>
/// Applies requests to Quartz as the saga asks for them. Not atomic with the saga's commit: a rolled-back transition
/// may leave a timeout behind, which then arrives with a token the saga does not hold and changes nothing (or, if the
/// saga's creation was what rolled back, finds no saga and ends in the topic's DLQ). The outbox seam removes both.
/// </summary>
public sealed class ImmediateTimeoutRequests(TimeoutScheduler scheduler) : ITimeoutRequests
{
    public Task Submit(TimeoutRequest request, CancellationToken cancellationToken) => scheduler.Apply(request, cancellationToken);
}
