using Microsoft.EntityFrameworkCore;
using Sagas.Persistence;

namespace Sagas.Shipping;

/// <summary>The shipping worker's own database: one shipment per order.</summary>
public sealed class ShippingDbContext(DbContextOptions<ShippingDbContext> options) : DbContext(options)
{
    public const string Service = "shipping";

    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.Entity<Shipment>(shipment =>
        {
            shipment.ToTable("Shipments");
            shipment.HasKey(s => s.OrderId);
            shipment.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
            shipment.Property(s => s.Country).HasMaxLength(2);
            shipment.Property(s => s.TrackingNumber).HasMaxLength(32);
            shipment.Property(s => s.Reason).HasMaxLength(512);
        });
    }
}
