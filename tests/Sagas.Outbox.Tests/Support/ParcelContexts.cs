using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Sagas.Persistence;
using Sagas.Persistence.Schema;

namespace Sagas.Outbox.Tests.Support;

/// <summary>The one business table of the test service; a saga row, so a cancel request can find its saga.</summary>
public sealed class Parcel : ISaga
{
    public Guid CorrelationId { get; set; }

    public string Status { get; set; } = "";
}

/// <summary>A step of a parcel's saga, produced through the outbox; <see cref="Step"/> numbers them in the order sent.</summary>
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

/// <summary>A service database with the outbox from the start.</summary>
public sealed class ParcelDbContext(DbContextOptions<ParcelDbContext> options, TestService service) : DbContext(options), IHasTestService
{
    public string Service => service.Name;

    public DbSet<Parcel> Parcels => Set<Parcel>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ParcelModel.MapParcels(modelBuilder, this, Service).AddOutbox();
}

/// <summary>The same service as first shipped, before it had an outbox.</summary>
public sealed class ParcelV1Context(DbContextOptions<ParcelV1Context> options, TestService service) : DbContext(options), IHasTestService
{
    public string Service => service.Name;

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ParcelModel.MapParcels(modelBuilder, this, Service);
}

/// <summary>The service at version 2: the outbox added by <see cref="OutboxSchema.CreateTable"/>.</summary>
public sealed class ParcelV2Context(DbContextOptions<ParcelV2Context> options, TestService service)
    : DbContext(options), IHasTestService, IVersionedSchema
{
    public string Service => service.Name;

    public IReadOnlyList<SchemaStep> SchemaSteps => [OutboxSchema.CreateTable(2)];

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ParcelModel.MapParcels(modelBuilder, this, Service).AddOutbox();
}

/// <summary>The service at version 3: the claim index of <see cref="OutboxSchema.IndexClaimsByLease"/>.</summary>
public sealed class ParcelV3Context(DbContextOptions<ParcelV3Context> options, TestService service)
    : DbContext(options), IHasTestService, IVersionedSchema
{
    public string Service => service.Name;

    public IReadOnlyList<SchemaStep> SchemaSteps => [OutboxSchema.CreateTable(2), OutboxSchema.IndexClaimsByLease(3)];

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ParcelModel.MapParcels(modelBuilder, this, Service).AddOutbox();
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
        return modelBuilder;
    }
}
