using Microsoft.EntityFrameworkCore;
using Sagas.Ledger;
using Sagas.Persistence;

namespace Sagas.Workers.Tests.Ledger;

/// <summary>The ledger database as its first release (schema version 1) created it: no outbox, no status version.</summary>
public sealed class LedgerFirstReleaseContext(DbContextOptions<LedgerFirstReleaseContext> options) : DbContext(options)
{
    public DbSet<LedgerAccount> Accounts => Set<LedgerAccount>();

    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, LedgerDbContext.Service));
        modelBuilder.Entity<LedgerAccount>(account =>
        {
            account.ToTable("Accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.Id).HasMaxLength(AccountIds.MaxLength);
            account.Property(a => a.Currency).HasMaxLength(3);
            account.Property(a => a.Balance).HasPrecision(28, 4);
            account.Ignore(a => a.StatusVersion);
        });
        modelBuilder.Entity<JournalEntry>(entry =>
        {
            entry.ToTable("JournalEntries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
            entry.Property(e => e.AccountId).HasMaxLength(AccountIds.MaxLength);
            entry.Property(e => e.Currency).HasMaxLength(3);
            entry.Property(e => e.Amount).HasPrecision(28, 4);
            entry.HasIndex(e => e.SagaId);
            entry.HasIndex(e => e.AccountId);
        });
        modelBuilder.Entity<LedgerOperation>(operation =>
        {
            operation.ToTable("Operations");
            operation.HasKey(o => new { o.SagaId, o.Side });
            operation.Property(o => o.Side).HasConversion<string>().HasMaxLength(16);
            operation.Property(o => o.State).HasConversion<string>().HasMaxLength(16);
            operation.Property(o => o.AccountId).HasMaxLength(AccountIds.MaxLength);
            operation.Property(o => o.Currency).HasMaxLength(3);
            operation.Property(o => o.Amount).HasPrecision(28, 4);
            operation.Property(o => o.Reason).HasMaxLength(512);
        });
    }
}
