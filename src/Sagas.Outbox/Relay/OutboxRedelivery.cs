using Microsoft.EntityFrameworkCore;

namespace Sagas.Outbox;

/// <summary>
/// Sends a saga's retained rows again. For when the service knows a delivered message never arrived: the embedded
/// broker keeps records in memory, so a crash loses what was produced but not yet consumed. Consumers deduplicate by
/// message id, and a row keeps its id, so a record that did arrive is skipped.
/// </summary>
public static class OutboxRedelivery
{
    /// <summary>Marks every row of <paramref name="sagaIds"/> still retained as due now and unclaimed; returns how many.</summary>
    public static Task<int> RedeliverAsync(DbContext db, IReadOnlyCollection<Guid> sagaIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>()
            .Where(row => sagaIds.Contains(row.SagaId))
            .ExecuteUpdateAsync(set => set
                .SetProperty(row => row.DeliveredAt, (DateTimeOffset?)null)
                .SetProperty(row => row.ClaimedBy, (string?)null)
                .SetProperty(row => row.ClaimedUntil, (DateTimeOffset?)null)
                .SetProperty(row => row.NextAttemptAt, now), cancellationToken);
}
