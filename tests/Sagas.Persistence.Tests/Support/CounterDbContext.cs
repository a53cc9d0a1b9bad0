using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sagas.Persistence.Inbox;
using Sagas.Persistence.Mapping;
using Sagas.Persistence.Sagas;

namespace Sagas.Persistence.Tests.Support;

public sealed class CounterDbContext(DbContextOptions<CounterDbContext> options, TestService service)
    : DbContext(options), IHasTestService
{
    public string Service => service.Name;

    public DbSet<CounterSaga> Counters => Set<CounterSaga>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<EagerCounter> EagerCounters => Set<EagerCounter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.ApplyConfiguration(new CounterSagaMap());
        modelBuilder.ApplyConfiguration(new EagerCounterMap());
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditEntries");
            entry.Property(e => e.Note).HasMaxLength(200);
        });
        modelBuilder.AddInbox();
    }

    sealed class CounterSagaMap() : SagaClassMap<CounterSaga>("Counters")
    {
        protected override void ConfigureSaga(EntityTypeBuilder<CounterSaga> entity)
        {
            entity.Property(saga => saga.LastAudit).HasMaxLength(200);
            entity.Property(saga => saga.Marks).HasJsonConversion();
        }
    }

    sealed class EagerCounterMap() : SagaClassMap<EagerCounter>("EagerCounters")
    {
        protected override void ConfigureSaga(EntityTypeBuilder<EagerCounter> entity)
        {
        }
    }
}
