using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sagas.Outbox;

public static class OutboxModelBuilderExtensions
{
    public const string TableName = "Outbox";

    /// <summary>Longest Kafka topic name.</summary>
    const int TopicLength = 249;

    internal const int ClaimOwnerLength = 200;

    /// <summary>
    /// Maps <see cref="OutboxMessage"/> to the table <c>Outbox</c> in the context's default schema. Times are stored as
    /// Unix milliseconds (bigint) on every provider: SQLite cannot compare its text timestamps in SQL, and one column
    /// type keeps the relay's claim statement the same shape everywhere. <see cref="OutboxSchema.CreateTable"/> creates
    /// the same table on a database that already exists.
    /// </summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        var unixMilliseconds = new ValueConverter<DateTimeOffset, long>(
            time => time.ToUnixTimeMilliseconds(), value => DateTimeOffset.FromUnixTimeMilliseconds(value));

        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(TableName);
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).ValueGeneratedOnAdd();
            outbox.Property(m => m.Topic).HasMaxLength(TopicLength);
            outbox.Property(m => m.ClaimedBy).HasMaxLength(ClaimOwnerLength);
            outbox.Property(m => m.DueAt).HasConversion(unixMilliseconds);
            outbox.Property(m => m.CreatedAt).HasConversion(unixMilliseconds);
            outbox.Property(m => m.NextAttemptAt).HasConversion(unixMilliseconds);
            outbox.Property(m => m.ClaimedUntil).HasConversion(unixMilliseconds);
            outbox.Property(m => m.DeliveredAt).HasConversion(unixMilliseconds);

            // Pending rows in order (the relay's scan for each saga's first row) and delivered rows by age (cleanup).
            outbox.HasIndex(m => new { m.DeliveredAt, m.Id }).HasDatabaseName("IX_Outbox_DeliveredAt_Id");
            // One saga's rows in order: "is there an earlier undelivered row", and claiming a saga's rows.
            outbox.HasIndex(m => new { m.SagaId, m.Id }).HasDatabaseName("IX_Outbox_SagaId_Id");
            // Reading back what this relay just claimed, by owner and lease. Delivered rows keep their owner but not their
            // lease, so the seek never walks the rows this relay delivered before (a day of them, at the default retention).
            outbox.HasIndex(m => new { m.ClaimedBy, m.ClaimedUntil }).HasDatabaseName(OutboxSchema.ClaimIndex);
        });
        return modelBuilder;
    }
}
