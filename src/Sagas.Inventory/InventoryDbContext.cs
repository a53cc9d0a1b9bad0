using Microsoft.EntityFrameworkCore;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Persistence.Schema;

namespace Sagas.Inventory;

/// <summary>
/// The inventory worker's own database: stock per SKU, reservations per order, the log of stock movements, and the
/// outbox their events leave through.
/// </summary>
public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options), IVersionedSchema
{
    public const string Service = "inventory";

    public IReadOnlyList<SchemaStep> SchemaSteps { get; } =
        [InventorySchema.CountSoldStock(2), OutboxSchema.CreateTable(3), InventorySchema.LogStockMovements(4)];

    public DbSet<StockLevel> Stock => Set<StockLevel>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<StockMovement> Movements => Set<StockMovement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.AddOutbox();
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
        modelBuilder.Entity<StockMovement>(movement =>
        {
            movement.ToTable("StockMovements");
            movement.HasKey(m => m.Id);
            movement.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
            movement.Property(m => m.Sku).HasMaxLength(Skus.MaxLength);
        });
        modelBuilder.Entity<ReservationLine>(line =>
        {
            line.ToTable("ReservationLines");
            line.HasKey(l => new { l.OrderId, l.Sku });
            line.Property(l => l.Sku).HasMaxLength(Skus.MaxLength);
        });
    }
}
