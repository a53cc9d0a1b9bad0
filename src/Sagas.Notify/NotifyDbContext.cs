using Microsoft.EntityFrameworkCore;
using Sagas.Persistence;

namespace Sagas.Notify;

/// <summary>The notify worker's own database: the notifications it recorded.</summary>
public sealed class NotifyDbContext(DbContextOptions<NotifyDbContext> options) : DbContext(options)
{
    public const string Service = "notify";

    public DbSet<Notification> Notifications => Set<Notification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.Entity<Notification>(notification =>
        {
            notification.ToTable("Notifications");
            notification.HasKey(n => new { n.SagaId, n.State });
            notification.Property(n => n.State).HasMaxLength(128);
            notification.Property(n => n.SagaType).HasMaxLength(128);
        });
    }
}
