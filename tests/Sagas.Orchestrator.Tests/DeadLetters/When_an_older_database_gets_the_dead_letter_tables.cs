using Microsoft.EntityFrameworkCore;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.DeadLetters;
using Sagas.Testing;

namespace Sagas.Orchestrator.Tests.DeadLetters;

/// <summary>
/// Schema step 9 on a database made before it: the tables it creates take what the model writes, and the settlement's
/// key refuses a second decision on the same record.
/// </summary>
public class When_an_older_database_gets_the_dead_letter_tables
{
    [Fact]
    public async Task The_step_makes_tables_the_model_uses_on_sqlite()
    {
        using var directory = new TemporaryDirectory();
        await StepMakesUsableTables(new DbContextOptionsBuilder<OrchestratorDbContext>()
            .UseSqlite($"Data Source={Path.Combine(directory.Path, "orchestrator.db")};Pooling=false").Options,
            """DROP TABLE "DeadLetterAudit"; DROP TABLE "DeadLetterSettlements";""");
    }

    [PostgresFact]
    public async Task The_step_makes_tables_the_model_uses_on_postgres()
    {
        await using var database = await PostgresDatabase.Create();
        await StepMakesUsableTables(new DbContextOptionsBuilder<OrchestratorDbContext>().UseNpgsql(database.ConnectionString).Options,
            """DROP TABLE orchestrator."DeadLetterAudit"; DROP TABLE orchestrator."DeadLetterSettlements";""");
    }

    static async Task StepMakesUsableTables(DbContextOptions<OrchestratorDbContext> options, string dropTables)
    {
        await using (var db = new OrchestratorDbContext(options))
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync(dropTables);
            // As the schema applier runs a step: inside its transaction.
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await db.SchemaSteps.Single(step => step.Version == 9).Apply(db, CancellationToken.None);
                await transaction.CommitAsync();
            }

            db.DeadLetterSettlements.Add(Settlement());
            db.DeadLetterAudit.Add(new DeadLetterAuditEntry
            {
                At = DateTimeOffset.UtcNow, Operator = "alice", Action = DeadLetterAction.Redrive, Topic = "debit.commands.dlq", Partition = 3,
                Offset = 42, Reason = "fixed", Outcome = DeadLetterOutcome.Redriven,
            });
            await db.SaveChangesAsync();
        }

        await using (var db = new OrchestratorDbContext(options))
        {
            Assert.Equal(DeadLetterAction.Redrive, (await db.DeadLetterSettlements.AsNoTracking().SingleAsync()).Action);
            Assert.Equal(DeadLetterOutcome.Redriven, (await db.DeadLetterAudit.AsNoTracking().SingleAsync()).Outcome);
            db.DeadLetterSettlements.Add(Settlement());
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    static DeadLetterSettlement Settlement() => new()
    {
        Topic = "debit.commands.dlq", Partition = 3, Offset = 42, Action = DeadLetterAction.Redrive, Operator = "alice",
        Reason = "fixed", SettledAt = DateTimeOffset.UtcNow,
    };
}
