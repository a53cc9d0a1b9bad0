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
        var oldest = await pending.OrderBy(m => m.Id).Select(m => m.CreatedAt).FirstAsync(cancellationToken);
        return new OutboxBacklog(count, oldest);
    }
}
