using Microsoft.EntityFrameworkCore;

namespace Sagas.Outbox;

/// <summary>Undelivered rows of one database: how many, and when the oldest was written.</summary>
public sealed record OutboxBacklog(long Pending, DateTimeOffset? OldestCreatedAt)
{
    public static readonly OutboxBacklog Empty = new(0, null);

    /// <summary>How long the oldest undelivered row has waited, zero when there is none.</summary>
    public TimeSpan OldestAge(DateTimeOffset now) => OldestCreatedAt is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;

    public static async Task<OutboxBacklog> ReadAsync(DbContext db, CancellationToken cancellationToken)
    {
        var pending = db.Set<OutboxMessage>().Where(m => m.DeliveredAt == null);
        var count = await pending.LongCountAsync(cancellationToken);
        if (count == 0)
            return Empty;
        // The relay may deliver the last rows between the two reads. Ordered as the (DeliveredAt, Id) index is, so the
        // read starts at the first pending row: ordered by Id alone, PostgreSQL walked the primary key past every delivered row.
        var oldest = await pending.OrderBy(m => m.DeliveredAt).ThenBy(m => m.Id).Select(m => new { m.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return oldest is null ? Empty : new OutboxBacklog(count, oldest.CreatedAt);
    }
}
