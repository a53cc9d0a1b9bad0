using Microsoft.EntityFrameworkCore;
using Sagas.Persistence;
using Sagas.Persistence.Schema;

namespace Sagas.Inventory;

/// <summary>The inventory worker's own database: stock per SKU and reservations per order.</summary>
public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options), IVersionedSchema
{
    public const string Service = "inventory";

    public IReadOnlyList<SchemaStep> SchemaSteps { get; } = [InventorySchema.CountSoldStock(2)];

    public DbSet<StockLevel> Stock => Set<StockLevel>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.Entity<StockLevel>(stock =>
        {
            stock.ToTable("Stock");
            stock.HasKey(s => s.Sku);
            stock.Property(s => s.Sku).HasMaxLength(Skus.MaxLength);
        });
        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("Reservations");
            reservation.HasKey(r => r.OrderId);
            reservation.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            reservation.Property(r => r.Reason).HasMaxLength(512);
            reservation.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.OrderId);
        });
        modelBuilder.Entity<ReservationLine>(line =>
        {
            line.ToTable("ReservationLines");
            line.HasKey(l => new { l.OrderId, l.Sku });
            line.Property(l => l.Sku).HasMaxLength(Skus.MaxLength);
        });
    }
}
