using Microsoft.EntityFrameworkCore;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Persistence.Schema;

namespace Sagas.Ledger;

/// <summary>
/// The ledger's own database, shared by the debit and credit roles: accounts, journal, per-saga operations, and the
/// outbox its events leave through.
/// </summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options), IVersionedSchema
{
    public const string Service = "ledger";

    public IReadOnlyList<SchemaStep> SchemaSteps { get; } = [OutboxSchema.CreateTable(2), LedgerSchema.CountStatusChanges(3)];

    public DbSet<LedgerAccount> Accounts => Set<LedgerAccount>();

    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    public DbSet<LedgerOperation> Operations => Set<LedgerOperation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, Service));
        modelBuilder.AddOutbox();

        modelBuilder.Entity<LedgerAccount>(account =>
        {
            account.ToTable("Accounts");
            account.HasKey(a => a.Id);
            account.Property(a => a.Id).HasMaxLength(AccountIds.MaxLength);
            account.Property(a => a.Currency).HasMaxLength(3);
            account.Property(a => a.Balance).HasPrecision(Money.Precision, Money.Scale);
        });

        modelBuilder.Entity<JournalEntry>(entry =>
        {
            entry.ToTable("JournalEntries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
            entry.Property(e => e.AccountId).HasMaxLength(AccountIds.MaxLength);
            entry.Property(e => e.Currency).HasMaxLength(3);
            entry.Property(e => e.Amount).HasPrecision(Money.Precision, Money.Scale);
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
            operation.Property(o => o.Amount).HasPrecision(Money.Precision, Money.Scale);
            operation.Property(o => o.Reason).HasMaxLength(512);
        });
    }
}
