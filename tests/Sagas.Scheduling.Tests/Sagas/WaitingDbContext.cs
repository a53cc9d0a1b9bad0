using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;

namespace Sagas.Scheduling.Tests.Sagas;

/// <summary>
/// The test service's database, named as the orchestrator's so the timeout store's Quartz tables sit where they do in
/// production (its schema on PostgreSQL): the waiting sagas and the outbox their timeouts are rows of.
/// </summary>
public sealed class WaitingDbContext(DbContextOptions<WaitingDbContext> options) : DbContext(options)
{
    public const string Service = "orchestrator";

    public DbSet<WaitingSaga> Sagas => Set<WaitingSaga>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.ApplyConfiguration(new WaitingSagaMap());
        modelBuilder.AddOutbox();
    }

    sealed class WaitingSagaMap() : SagaClassMap<WaitingSaga>("WaitingSagas")
    {
        protected override void ConfigureSaga(EntityTypeBuilder<WaitingSaga> entity)
        {
        }
    }
}
