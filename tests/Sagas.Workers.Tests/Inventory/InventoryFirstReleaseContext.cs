using Microsoft.EntityFrameworkCore;
using Sagas.Inventory;
using Sagas.Persistence;

namespace Sagas.Workers.Tests.Inventory;

/// <summary>The inventory database as its first release (schema version 1) created it: stock without a sold count.</summary>
public sealed class InventoryFirstReleaseContext(DbContextOptions<InventoryFirstReleaseContext> options) : DbContext(options)
{
    public DbSet<StockLevel> Stock => Set<StockLevel>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, InventoryDbContext.Service));
        modelBuilder.Entity<StockLevel>(stock =>
        {
            stock.ToTable("Stock");
            stock.HasKey(s => s.Sku);
            stock.Property(s => s.Sku).HasMaxLength(Skus.MaxLength);
            stock.Ignore(s => s.Sold);
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
