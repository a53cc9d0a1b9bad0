using Microsoft.EntityFrameworkCore;
using Sagas.Persistence.Schema;

namespace Sagas.Persistence.Inbox;

public static class InboxModel
{
    public const string Table = "Inbox";

    /// <summary>
    /// Maps the inbox into a service's model. A context that maps it gets exactly-once processing of redelivered
    /// messages in its saga repository, committed in the same transaction as the saga. Times are Unix milliseconds on
    /// every provider, so the retention cleanup can compare them in SQL on SQLite too.
    /// </summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(Table);
            inbox.HasKey(x => new { x.Consumer, x.MessageId });
            inbox.Property(x => x.Consumer).HasMaxLength(128);
            inbox.Property(x => x.ConsumedAt).HasConversion(
                time => time.ToUnixTimeMilliseconds(), value => DateTimeOffset.FromUnixTimeMilliseconds(value));
            inbox.HasIndex(x => x.ConsumedAt);
        });
        return modelBuilder;
    }

    /// <summary>Adds the inbox to a database created before it existed.</summary>
    public static SchemaStep CreateTable(int version) => SchemaStep.Sql(version, "Inbox of consumed message ids",
        sqlite: """
            CREATE TABLE "Inbox" ("Consumer" TEXT NOT NULL, "MessageId" TEXT NOT NULL, "ConsumedAt" INTEGER NOT NULL,
                CONSTRAINT "PK_Inbox" PRIMARY KEY ("Consumer", "MessageId"));
            CREATE INDEX "IX_Inbox_ConsumedAt" ON "Inbox" ("ConsumedAt");
            """,
        postgreSql: """
            CREATE TABLE {schema}."Inbox" ("Consumer" character varying(128) NOT NULL, "MessageId" uuid NOT NULL,
                "ConsumedAt" bigint NOT NULL, CONSTRAINT "PK_Inbox" PRIMARY KEY ("Consumer", "MessageId"));
            CREATE INDEX "IX_Inbox_ConsumedAt" ON {schema}."Inbox" ("ConsumedAt");
            """,
        sqlServer: """
            CREATE TABLE {schema}.[Inbox] ([Consumer] nvarchar(128) NOT NULL, [MessageId] uniqueidentifier NOT NULL,
                [ConsumedAt] bigint NOT NULL, CONSTRAINT [PK_Inbox] PRIMARY KEY ([Consumer], [MessageId]));
            CREATE INDEX [IX_Inbox_ConsumedAt] ON {schema}.[Inbox] ([ConsumedAt]);
            """);
}
