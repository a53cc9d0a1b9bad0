using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sagas.Orchestrator.DeadLetters;
using Sagas.Orchestrator.Idempotency;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Transfers;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Persistence.Inbox;
using Sagas.Persistence.Schema;

namespace Sagas.Orchestrator.Data;

/// <summary>The orchestrator's own database: sagas, idempotency keys, what became of dead letters, and the inbox and outbox that commit with them.</summary>
public class OrchestratorDbContext(DbContextOptions<OrchestratorDbContext> options) : DbContext(options), IVersionedSchema
{
    public const string Service = "orchestrator";

    public IReadOnlyList<SchemaStep> SchemaSteps { get; } =
    [
        InboxModel.CreateTable(2),
        SchemaStep.Sql(3, "Idempotency keys found by the saga they started",
            sqlite: """CREATE INDEX "IX_IdempotencyKeys_Scope_ResourceId" ON "IdempotencyKeys" ("Scope", "ResourceId");""",
            postgreSql: """CREATE INDEX "IX_IdempotencyKeys_Scope_ResourceId" ON {schema}."IdempotencyKeys" ("Scope", "ResourceId");""",
            sqlServer: "CREATE INDEX [IX_IdempotencyKeys_Scope_ResourceId] ON {schema}.[IdempotencyKeys] ([Scope], [ResourceId]);"),
        OutboxSchema.CreateFirstReleaseTable(4),
        SchemaStep.Sql(5, "Idempotency keys found by age, so start-up looks only at requests within the outbox retention",
            sqlite: """CREATE INDEX "IX_IdempotencyKeys_Scope_CreatedAt" ON "IdempotencyKeys" ("Scope", "CreatedAt");""",
            postgreSql: """CREATE INDEX "IX_IdempotencyKeys_Scope_CreatedAt" ON {schema}."IdempotencyKeys" ("Scope", "CreatedAt");""",
            sqlServer: "CREATE INDEX [IX_IdempotencyKeys_Scope_CreatedAt] ON {schema}.[IdempotencyKeys] ([Scope], [CreatedAt]);"),
        OutboxSchema.IndexClaimsByLease(6),
        OutboxSchema.ReplaceFirstRelease(7),
        SchemaStep.Sql(8, "Sagas listed by state newest first from the index",
            sqlite: """
                DROP INDEX "IX_Transfers_CurrentState";
                CREATE INDEX "IX_Transfers_CurrentState_CreatedAt" ON "Transfers" ("CurrentState", "CreatedAt");
                DROP INDEX "IX_Orders_CurrentState";
                CREATE INDEX "IX_Orders_CurrentState_CreatedAt" ON "Orders" ("CurrentState", "CreatedAt");
                """,
            postgreSql: """
                DROP INDEX {schema}."IX_Transfers_CurrentState";
                CREATE INDEX "IX_Transfers_CurrentState_CreatedAt" ON {schema}."Transfers" ("CurrentState", "CreatedAt");
                DROP INDEX {schema}."IX_Orders_CurrentState";
                CREATE INDEX "IX_Orders_CurrentState_CreatedAt" ON {schema}."Orders" ("CurrentState", "CreatedAt");
                """,
            sqlServer: """
                DROP INDEX [IX_Transfers_CurrentState] ON {schema}.[Transfers];
                CREATE INDEX [IX_Transfers_CurrentState_CreatedAt] ON {schema}.[Transfers] ([CurrentState], [CreatedAt]);
                DROP INDEX [IX_Orders_CurrentState] ON {schema}.[Orders];
                CREATE INDEX [IX_Orders_CurrentState_CreatedAt] ON {schema}.[Orders] ([CurrentState], [CreatedAt]);
                """),
        DeadLetterSchema.CreateTables(9),
    ];

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<DeadLetterSettlement> DeadLetterSettlements => Set<DeadLetterSettlement>();

    public DbSet<DeadLetterAuditEntry> DeadLetterAudit => Set<DeadLetterAuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.ApplyConfiguration(new TransferStateMap());
        modelBuilder.ApplyConfiguration(new OrderStateMap());
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("IdempotencyKeys");
            record.HasKey(x => new { x.Scope, x.Key });
            record.Property(x => x.Scope).HasMaxLength(32);
            record.Property(x => x.Key).HasMaxLength(IdempotencyKey.MaxLength);
            record.Property(x => x.RequestHash).HasMaxLength(64);
            record.HasIndex(x => new { x.Scope, x.ResourceId });
            record.HasIndex(x => new { x.Scope, x.CreatedAt });
        });
        modelBuilder.ApplyConfiguration<DeadLetterSettlement>(new DeadLetterMaps());
        modelBuilder.ApplyConfiguration<DeadLetterAuditEntry>(new DeadLetterMaps());
        modelBuilder.AddInbox();
        modelBuilder.AddOutbox();
        if (Database.IsSqlite())
            StoreTimesAsNumbers(modelBuilder);
    }

    /// <summary>
    /// SQLite keeps DateTimeOffset as text it cannot sort by, and sagas are listed newest first; every time we
    /// write is UTC, so its binary form sorts in time order. The inbox and outbox map their own times (Unix milliseconds).
    /// </summary>
    static void StoreTimesAsNumbers(ModelBuilder modelBuilder)
    {
        Type[] sortedByTime = [typeof(TransferState), typeof(OrderState), typeof(IdempotencyRecord)];
        foreach (var property in sortedByTime.SelectMany(type => modelBuilder.Model.FindEntityType(type)!.GetProperties())
                     .Where(property => property.ClrType == typeof(DateTimeOffset)))
            property.SetValueConverter(new DateTimeOffsetToBinaryConverter());
    }
}
