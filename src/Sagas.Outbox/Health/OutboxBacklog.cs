using Microsoft.EntityFrameworkCore;

namespace Sagas.Outbox;

/// <summary>
/// What waits in one outbox: records sent and not yet produced (and since when the oldest waits), and scheduled records
/// that fell due and were not yet produced (and since when the most overdue one is due).
/// </summary>
public sealed record OutboxBacklog(long Pending, DateTimeOffset? OldestPendingAt, long Overdue, DateTimeOffset? OldestDueAt)
{
    public static readonly OutboxBacklog Empty = new(0, null, 0, null);

    /// <summary>How long the oldest unproduced record has waited, zero when there is none.</summary>
    public TimeSpan OldestAge(DateTimeOffset now) => Age(OldestPendingAt, now);

    /// <summary>How long past its time the most overdue scheduled record is, zero when none is.</summary>
    public TimeSpan MostOverdue(DateTimeOffset now) => Age(OldestDueAt, now);

    public static async Task<OutboxBacklog> ReadAsync(DbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = db.Set<OutboxMessage>().AsNoTracking();
        // Grouped by a constant: one row at most, read whole, since a row limit without an order is what EF Core warns of.
        var pending = (await rows.Where(m => m.TokenId == null)
            .GroupBy(_ => 1).Select(g => new { Count = g.LongCount(), Oldest = g.Min(m => m.CreatedAt) }).ToListAsync(cancellationToken)).SingleOrDefault();
        var overdue = (await rows.Where(m => m.TokenId != null && m.NextAttemptAt <= now)
            .GroupBy(_ => 1).Select(g => new { Count = g.LongCount(), Oldest = g.Min(m => m.NextAttemptAt) }).ToListAsync(cancellationToken)).SingleOrDefault();
        return new OutboxBacklog(pending?.Count ?? 0, pending?.Oldest, overdue?.Count ?? 0, overdue?.Oldest);
    }

    static TimeSpan Age(DateTimeOffset? since, DateTimeOffset now) => since is { } time && now > time ? now - time : TimeSpan.Zero;
}
