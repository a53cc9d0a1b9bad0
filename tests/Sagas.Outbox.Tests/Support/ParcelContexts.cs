using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;
using Sagas.Persistence.Schema;

namespace Sagas.Outbox.Tests.Support;

/// <summary>The one business table of the test service, written in the same transactions as outbox rows.</summary>
public sealed class Parcel
{
    public Guid CorrelationId { get; set; }

    public string Status { get; set; } = "";
}

/// <summary>A step of a parcel, sent through the outbox from outside a saga; <see cref="Step"/> numbers them in the order sent.</summary>
public sealed record ParcelMoved(Guid CorrelationId, int Step);

/// <summary>The service (so the schema, or the SQLite file) a test's contexts belong to.</summary>
public sealed record TestService(string Name);

public interface IHasTestService
{
    string Service { get; }
}

/// <summary>EF caches one model per context type; tests vary the schema, so the service joins the cache key.</summary>
public sealed class ServiceModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), (context as IHasTestService)?.Service, designTime);
}

/// <summary>
/// The parcel service's database as it is today, with the outbox, at schema version 4. Its versions follow the
/// orchestrator's: the first release's outbox table (2), its claim index (3), and the table rebuilt in today's shape (4).
/// </summary>
public sealed class ParcelDbContext(DbContextOptions<ParcelDbContext> options, TestService service)
    : DbContext(options), IHasTestService, IVersionedSchema
{
    public string Service => service.Name;

    public IReadOnlyList<SchemaStep> SchemaSteps => [.. ParcelFirstReleaseContext.Steps, OutboxSchema.ReplaceFirstRelease(4)];

    public DbSet<Parcel> Parcels => Set<Parcel>();

    public DbSet<ParcelState> ParcelSagas => Set<ParcelState>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ParcelModel.MapParcels(modelBuilder, this, Service).AddOutbox();
}

/// <summary>The same service as first shipped, before it had an outbox.</summary>
public sealed class ParcelV1Context(DbContextOptions<ParcelV1Context> options, TestService service) : DbContext(options), IHasTestService
{
    public string Service => service.Name;

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ParcelModel.MapParcels(modelBuilder, this, Service);
}

/// <summary>
/// The service with the first release's outbox (version 3): rows kept once delivered, timeouts as requests to Quartz.
/// Its model leaves the table out, since today's <c>AddOutbox</c> maps the new shape; tests write its rows in SQL.
/// </summary>
public sealed class ParcelFirstReleaseContext(DbContextOptions<ParcelFirstReleaseContext> options, TestService service)
    : DbContext(options), IHasTestService, IVersionedSchema
{
    public static readonly IReadOnlyList<SchemaStep> Steps = [OutboxSchema.CreateFirstReleaseTable(2), OutboxSchema.IndexClaimsByLease(3)];

    public string Service => service.Name;

    public IReadOnlyList<SchemaStep> SchemaSteps => Steps;

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ParcelModel.MapParcels(modelBuilder, this, Service);
}

sealed class ParcelStateMap() : SagaClassMap<ParcelState>("ParcelSagas")
{
    protected override void ConfigureSaga(EntityTypeBuilder<ParcelState> entity)
    {
    }
}

static class ParcelModel
{
    public static ModelBuilder MapParcels(this ModelBuilder modelBuilder, DbContext context, string service)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(context, service));
        modelBuilder.Entity<Parcel>(parcel =>
        {
            parcel.ToTable("Parcels");
            parcel.HasKey(p => p.CorrelationId);
            parcel.Property(p => p.Status).HasMaxLength(40);
        });
        modelBuilder.ApplyConfiguration(new ParcelStateMap());
        return modelBuilder;
    }
}
