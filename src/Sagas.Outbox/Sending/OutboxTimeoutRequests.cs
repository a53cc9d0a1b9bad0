using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sagas.Scheduling;

namespace Sagas.Outbox;

/// <summary>
/// Takes a saga's schedule and cancel requests as outbox rows on the scope's <typeparamref name="TContext"/>, committed
/// with the saga row by the repository's SaveChanges (never saved here); the relay applies them to the scheduler in
/// order. A rolled-back transition therefore leaves no Quartz job behind. Register it scoped.
/// </summary>
public sealed class OutboxTimeoutRequests<TContext>(TContext db, TimeProvider time) : ITimeoutRequests
    where TContext : DbContext
{
    public Task Submit(TimeoutRequest request, CancellationToken cancellationToken)
    {
        db.Set<OutboxMessage>().Add(OutboxMessage.ForTimeout(request, SagaOf(request), time.GetUtcNow()));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A cancel request names only its token, so it is ordered behind the saga the context is working on: the
    /// repository tracks exactly one. Outside a saga's scope it falls in an ordering group of its own (Guid.Empty);
    /// cancelling is idempotent and a timeout arriving after its cancel is ignored by the saga, so that is safe.
    /// </summary>
    Guid SagaOf(TimeoutRequest request) =>
        request is ScheduleTimeout schedule
            ? schedule.Record.Key
            : db.ChangeTracker.Entries<ISaga>().Select(entry => entry.Entity.CorrelationId).Distinct().ToList() is [var sagaId]
                ? sagaId
                : Guid.Empty;
}
