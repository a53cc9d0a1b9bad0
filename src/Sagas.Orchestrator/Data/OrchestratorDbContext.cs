using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sagas.Orchestrator.Idempotency;
using Sagas.Persistence;

namespace Sagas.Orchestrator.Data;

/// <summary>The orchestrator's own database.</summary>
public class OrchestratorDbContext(DbContextOptions<OrchestratorDbContext> options) : DbContext(options)
{
    public const string Service = "orchestrator";

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

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
        });
        if (Database.IsSqlite())
            StoreTimesAsNumbers(modelBuilder);
    }

    /// <summary>
    /// SQLite keeps DateTimeOffset as text it cannot sort by, and sagas are listed newest first; every time we
    /// write is UTC, so its binary form sorts in time order.
    /// </summary>
    static void StoreTimesAsNumbers(ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(entity => entity.GetProperties())
                     .Where(property => property.ClrType == typeof(DateTimeOffset)))
            property.SetValueConverter(new DateTimeOffsetToBinaryConverter());
    }
}
