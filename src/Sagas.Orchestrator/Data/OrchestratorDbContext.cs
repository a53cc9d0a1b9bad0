using Microsoft.EntityFrameworkCore;
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
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("IdempotencyKeys");
            record.HasKey(x => new { x.Scope, x.Key });
            record.Property(x => x.Scope).HasMaxLength(32);
            record.Property(x => x.Key).HasMaxLength(IdempotencyKey.MaxLength);
            record.Property(x => x.RequestHash).HasMaxLength(64);
        });
    }
}
