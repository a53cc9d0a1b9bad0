using Microsoft.EntityFrameworkCore;
using Sagas.Persistence.Schema;

namespace Sagas.Persistence.Tests.Support;

public sealed class CatalogItem
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

public sealed class CatalogTag
{
    public int Id { get; set; }

    public string Label { get; set; } = "";
}

/// <summary>Counts how often the code step of <see cref="CatalogV2Context"/> ran.</summary>
public sealed class StepProbe
{
    int _runs;

    public int Runs => _runs;

    public void Ran() => Interlocked.Increment(ref _runs);
}

/// <summary>A service's schema as first shipped: one table.</summary>
public sealed class CatalogV1Context(DbContextOptions<CatalogV1Context> options, TestService service) : DbContext(options), IHasTestService
{
    public string Service => service.Name;

    protected override void OnModelCreating(ModelBuilder modelBuilder) => Catalog.MapItems(modelBuilder, this, Service);
}

/// <summary>The same service two versions later: a SQL step adds a table, a code step runs once.</summary>
public sealed class CatalogV2Context(DbContextOptions<CatalogV2Context> options, TestService service, StepProbe probe)
    : DbContext(options), IHasTestService, IVersionedSchema
{
    public string Service => service.Name;

    public DbSet<CatalogTag> Tags => Set<CatalogTag>();

    public IReadOnlyList<SchemaStep> SchemaSteps =>
    [
        SchemaStep.Sql(2, "Tags",
            sqlite: """CREATE TABLE "Tags" ("Id" INTEGER NOT NULL CONSTRAINT "PK_Tags" PRIMARY KEY, "Label" TEXT NOT NULL)""",
            postgreSql: """CREATE TABLE {schema}."Tags" ("Id" integer NOT NULL CONSTRAINT "PK_Tags" PRIMARY KEY, "Label" character varying(40) NOT NULL)""",
            sqlServer: """CREATE TABLE {schema}.[Tags] ([Id] int NOT NULL CONSTRAINT [PK_Tags] PRIMARY KEY, [Label] nvarchar(40) NOT NULL)"""),
        new SchemaStep(3, "Counted", (_, _) =>
        {
            probe.Ran();
            return Task.CompletedTask;
        }),
    ];

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        Catalog.MapItems(modelBuilder, this, Service);
        modelBuilder.Entity<CatalogTag>(tag =>
        {
            tag.ToTable("Tags");
            tag.Property(t => t.Id).ValueGeneratedNever();
            tag.Property(t => t.Label).HasMaxLength(40);
        });
    }
}

static class Catalog
{
    public static void MapItems(ModelBuilder modelBuilder, DbContext context, string service)
    {
        modelBuilder.HasDefaultSchema(ServiceDatabase.SchemaFor(context, service));
        modelBuilder.Entity<CatalogItem>(item =>
        {
            item.ToTable("Items");
            item.Property(i => i.Id).ValueGeneratedNever();
            item.Property(i => i.Name).HasMaxLength(40);
        });
    }
}
