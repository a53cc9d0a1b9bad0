using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Orchestrator.Data;
using Sagas.Orchestrator.Orders;
using Sagas.Orchestrator.Sagas;
using Sagas.Orchestrator.Transfers;
using Sagas.Outbox;
using Sagas.Persistence;
using Sagas.Persistence.Inbox;
using Sagas.Persistence.Sagas;

namespace Sagas.SqlServer.Tests.Catalog;

/// <summary>
/// The SQL EF Core generates for the orchestrator's hot path on SQL Server, taken from a context configured exactly as the
/// platform configures it (plus <see cref="CommandCapture"/>, so it never connects): the repository's compiled batch
/// queries, its lock statements as EF sends them, one SaveChanges of what a batch writes, and the inbox's cleanup.
/// </summary>
static class HotPathCommands
{
    static readonly Guid[] SagaIds = [Guid.Parse("6f1c2a34-0b5d-4e7f-8a9b-0c1d2e3f4a5b"), Guid.Parse("7a2b3c4d-5e6f-4081-92a3-b4c5d6e7f809")];
    static readonly Guid[] MessageIds = [Guid.Parse("1d2e3f40-5162-4738-89a0-b1c2d3e4f506"), Guid.Parse("2e3f4051-6273-4849-9ab1-c2d3e4f50617")];
    static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    public static async Task<IReadOnlyList<(string Source, string Sql)>> Capture(DbContextOptions<OrchestratorDbContext> platformOptions)
    {
        var capture = new CommandCapture();
        var options = new DbContextOptionsBuilder<OrchestratorDbContext>(platformOptions).AddInterceptors(capture).Options;
        var commands = new List<(string, string)>();
        foreach (var (source, work) in Scenarios())
        {
            await using var db = new OrchestratorDbContext(options);
            commands.Add(($"hot path: {source}", await capture.FirstCommandOf(() => work(db))));
        }
        commands.Add(("inbox cleanup", await capture.FirstCommandOf(() => InboxCleanup(options).RemoveExpired(CancellationToken.None))));
        return commands;
    }

    /// <summary>The platform's inbox cleanup, reading its context from a scope as in the host.</summary>
    static InboxCleanup<OrchestratorDbContext> InboxCleanup(DbContextOptions<OrchestratorDbContext> options)
    {
        var scopes = new ServiceCollection().AddScoped(_ => new OrchestratorDbContext(options)).BuildServiceProvider();
        return new InboxCleanup<OrchestratorDbContext>(scopes.GetRequiredService<IServiceScopeFactory>(), Options.Create(new PersistenceOptions()),
            TimeProvider.System, NullLogger<InboxCleanup<OrchestratorDbContext>>.Instance);
    }

    static IEnumerable<(string Source, Func<OrchestratorDbContext, Task> Work)> Scenarios()
    {
        yield return ("saga batch preload (transfers)", db => Drain(EntityFrameworkSagaRepositoryContextFactory<OrchestratorDbContext, TransferState>.QueriesFor(db).Sagas(db, SagaIds)));
        yield return ("saga batch preload (orders)", db => Drain(EntityFrameworkSagaRepositoryContextFactory<OrchestratorDbContext, OrderState>.QueriesFor(db).Sagas(db, SagaIds)));
        yield return ("inbox lookup of a batch", db => Drain(EntityFrameworkSagaRepositoryContextFactory<OrchestratorDbContext, TransferState>.QueriesFor(db).Consumed(
            db, SagaInbox.ConsumerOf<TransferState>(), MessageIds)));
        yield return ("saga lock timeout", db => db.Database.ExecuteSqlRawAsync(Locks(db).BeginTransaction!));
        yield return ("saga id lock", db => db.Database.ExecuteSqlRawAsync(Locks(db).LockSagaId!, [Locks(db).LockKey(SagaIds[0])]));
        // As DbContextSagaRepositoryContext.Load reads a saga under its row lock.
        yield return ("saga load under row lock", db => db.Set<TransferState>().FromSqlRaw(Locks(db).SelectForUpdate!, SagaIds[0]).AsTracking().ToListAsync());
        yield return ("batch save", SaveBatch);
    }

    static SagaLockStatements Locks(DbContext db) => SagaLockStatements.For<TransferState>(db, TimeSpan.FromSeconds(30));

    static async Task Drain<T>(IAsyncEnumerable<T> rows)
    {
        await foreach (var _ in rows)
        {
            // Reading starts the command; the capture stops it before any row.
        }
    }

    /// <summary>What one batch's SaveChanges writes: a saga moved on, a saga started, the inbox marks and the outgoing records.</summary>
    static Task SaveBatch(OrchestratorDbContext db)
    {
        var moved = new TransferState
        {
            CorrelationId = SagaIds[0], CurrentState = "Screening", FromAccountId = "alice", ToAccountId = "bob", Amount = 125.50m,
            Currency = "USD", CreatedAt = Now, UpdatedAt = Now,
        };
        var entry = db.Attach(moved);
        entry.Property(SagaVersion.PropertyName).CurrentValue = 3;
        entry.Property(SagaVersion.PropertyName).OriginalValue = 3;
        moved.CurrentState = "Debiting";
        moved.UpdatedAt = Now.AddSeconds(1);
        moved.History = [new SagaStep(Now.AddSeconds(1), "FraudCleared", "Screening", "Debiting")];
        SagaVersion.Next(entry);

        var started = new OrderState { CorrelationId = SagaIds[1], CurrentState = "Screening", CreatedAt = Now, UpdatedAt = Now };
        SagaVersion.First(db.Add(started));

        foreach (var messageId in MessageIds)
            db.Add(new InboxMessage { Consumer = SagaInbox.ConsumerOf<TransferState>(), MessageId = messageId, ConsumedAt = Now });
        var record = new KafkaRecord("debit.commands", SagaIds[0], [1, 2, 3], new Dictionary<string, string> { ["MT-MessageType"] = "DebitAccount" });
        db.Add(OutboxMessage.SendNow(record, "orchestrator-1", Now, Now.AddSeconds(30)));
        db.Add(OutboxMessage.SendNow(record with { Topic = "notify.commands" }, "orchestrator-1", Now, Now.AddSeconds(30)));
        db.Add(OutboxMessage.Schedule(record, Guid.Parse("3f405162-7384-495a-abc2-d3e4f5061728"), Now.AddSeconds(30), Now));

        // The batch's save runs in the unit of work's transaction; here there is no server to begin one on.
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        return db.SaveChangesAsync();
    }
}
