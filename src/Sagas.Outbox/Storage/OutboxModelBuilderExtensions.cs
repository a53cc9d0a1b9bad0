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
    /// Unix milliseconds (bigint) on every provider: SQLite cannot compare its text timestamps in SQL, and one column type
    /// keeps the sweep's claim statement the same shape everywhere. <see cref="OutboxSchema"/> creates the same table on a
    /// database that already exists.
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
            outbox.Property(m => m.CreatedAt).HasConversion(unixMilliseconds);
            outbox.Property(m => m.NextAttemptAt).HasConversion(unixMilliseconds);
            outbox.Property(m => m.ClaimedUntil).HasConversion(unixMilliseconds);

            // The sweep's scan for what is due.
            outbox.HasIndex(m => m.NextAttemptAt).HasDatabaseName(OutboxSchema.DueIndex);
            // One saga's rows in order: "is there an earlier row", and claiming a saga's rows together.
            outbox.HasIndex(m => new { m.SagaId, m.Id }).HasDatabaseName(OutboxSchema.SagaIndex);
            // Cancelling a scheduled row, and a relay taking back its claims at start-up.
            outbox.HasIndex(m => m.TokenId).HasDatabaseName(OutboxSchema.TokenIndex);
            outbox.HasIndex(m => m.ClaimedBy).HasDatabaseName(OutboxSchema.ClaimIndex);
        });
        return modelBuilder;
    }
}
