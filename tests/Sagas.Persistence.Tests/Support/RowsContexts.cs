using Microsoft.EntityFrameworkCore;
using Sagas.Persistence.Schema;

namespace Sagas.Persistence.Tests.Support;

public sealed class Row
{
    public int Id { get; set; }

    public string Text { get; set; } = "";
}

public sealed class Entry
{
    public int Id { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>A service's tables for the role tests: one table whose key the database generates.</summary>
public abstract class RowsContext(DbContextOptions options, string service) : DbContext(options)
{
    public const string Orchestrator = "orchestrator";
    public const string Ledger = "ledger";

    public DbSet<Row> Rows => Set<Row>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(this, service));
        modelBuilder.Entity<Row>(row =>
        {
            row.ToTable("Rows");
            row.Property(r => r.Text).HasMaxLength(40);
        });
    }
}

public sealed class OrchestratorRows(DbContextOptions<OrchestratorRows> options) : RowsContext(options, Orchestrator);

public sealed class LedgerRows(DbContextOptions<LedgerRows> options) : RowsContext(options, Ledger);

/// <summary>The ledger one version later: a step adds a table whose key comes from a sequence of its own (serial).</summary>
public sealed class LedgerRowsV2(DbContextOptions<LedgerRowsV2> options) : RowsContext(options, Ledger), IVersionedSchema
{
    public DbSet<Entry> Entries => Set<Entry>();

    public IReadOnlyList<SchemaStep> SchemaSteps =>
    [
        SchemaStep.Sql(2, "Entries",
            sqlite: """CREATE TABLE "Entries" ("Id" INTEGER NOT NULL CONSTRAINT "PK_Entries" PRIMARY KEY AUTOINCREMENT, "Text" TEXT NOT NULL)""",
            postgreSql: """CREATE TABLE {schema}."Entries" ("Id" serial NOT NULL CONSTRAINT "PK_Entries" PRIMARY KEY, "Text" character varying(40) NOT NULL)""",
            sqlServer: """CREATE TABLE {schema}.[Entries] ([Id] int IDENTITY NOT NULL CONSTRAINT [PK_Entries] PRIMARY KEY, [Text] nvarchar(40) NOT NULL)"""),
    ];

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Entry>(entry =>
        {
            entry.ToTable("Entries");
            entry.Property(e => e.Id).UseSerialColumn();
            entry.Property(e => e.Text).HasMaxLength(40);
        });
    }
}
