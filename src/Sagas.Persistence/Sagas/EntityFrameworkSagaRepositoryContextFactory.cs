using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas.Persistence.Inbox;

namespace Sagas.Persistence.Sagas;

/// <summary>
/// MassTransit saga repository on a service's own EF Core DbContext. Atomicity contract: it uses the consume scope's
/// scoped <typeparamref name="TContext"/> (the instance anyone resolving <typeparamref name="TContext"/> from
/// <c>context.GetPayload&lt;IServiceProvider&gt;()</c> gets), runs the whole saga pipeline for one message inside one
/// database transaction (within the context's execution strategy) and ends it with one <c>SaveChangesAsync</c>, so any
/// entity added to that context during the pipeline commits together with the saga row, and nothing commits if the
/// pipeline throws (the change tracker is then cleared, so a retry starts clean). If a transaction is already open on
/// the context (a batch of records run as one unit of work, a request that starts a saga), the repository joins it and
/// leaves saving and committing to its owner, so a batch writes all its sagas with one SaveChanges. A message that cannot create its saga and
/// finds none (see <see cref="SagaStartingMessages{TSaga}"/>) is the exception: it runs with no transaction, since
/// there is nothing to write. Completed sagas are kept, never deleted.
/// </summary>
/// <remarks>
/// Concurrency is pessimistic, so messages for one saga run one at a time and none is lost: before reading a saga the
/// transaction locks its id (PostgreSQL <c>pg_advisory_xact_lock</c>, SQL Server <c>sp_getapplock</c>), which also
/// serialises two first messages for a new id, then reads the row under a row lock (<c>FOR UPDATE</c>,
/// <c>WITH (UPDLOCK, ROWLOCK)</c>). On SQLite the transaction is IMMEDIATE and so holds the database write lock from its
/// start. Lock waits end after <c>Persistence:LockTimeout</c> (SQLite: the busy timeout). Every row also carries an
/// integer <c>Version</c> token bumped on each save, so a stale write from outside the repository fails with
/// <c>DbUpdateConcurrencyException</c> for a retry policy to handle.
/// </remarks>
public sealed class EntityFrameworkSagaRepositoryContextFactory<TContext, TSaga>(
    TContext db,
    ISagaConsumeContextFactory<DbContext, TSaga> consumeContexts,
    SagaStartingMessages<TSaga> startingMessages,
    SagaBatch batch,
    IOptions<PersistenceOptions> options,
    TimeProvider clock,
    ILogger<EntityFrameworkSagaRepositoryContextFactory<TContext, TSaga>> logger)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>
    where TContext : DbContext
    where TSaga : class, ISaga
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        if (await CannotFindSaga(context) is { } absentId)
        {
            // MassTransit's missing-instance handling runs as usual; with nothing to write, no transaction or inbox row.
            var locks = SagaLockStatements.For<TSaga>(db, options.Value.LockTimeout);
            await next.Send(new DbContextSagaRepositoryContext<TSaga, T>(db, context, consumeContexts, locks, logger, absentId));
            return;
        }
        await InTransaction(context, repository => next.Send(repository));
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        InTransaction(context, async repository =>
        {
            var ids = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(saga => saga.CorrelationId)
                .ToListAsync(context.CancellationToken);
            await next.Send(new DefaultSagaRepositoryQueryContext<TSaga, T>(repository, ids));
        });

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaReadContext<TSaga>(db, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaReadContext<TSaga>(db, cancellationToken));

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "entity-framework-core");
        context.Add("dbContext", typeof(TContext).Name);
    }

    /// <summary>
    /// The id of the saga the message is for, when the message cannot create it and it does not exist. Every saga type
    /// on an endpoint receives the replies of the others (the order saga sees each transfer's <c>AccountDebited</c>);
    /// a read without locks settles those before they queue for the write lock.
    /// </summary>
    async Task<Guid?> CannotFindSaga<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.CorrelationId is not { } id || startingMessages.CanStart<T>() || db.Database.CurrentTransaction is not null)
            return null;
        return await db.Set<TSaga>().AsNoTracking().AnyAsync(saga => saga.CorrelationId == id, context.CancellationToken) ? null : id;
    }

    async Task InTransaction<T>(ConsumeContext<T> context, Func<DbContextSagaRepositoryContext<TSaga, T>, Task> pipeline)
        where T : class
    {
        var locks = SagaLockStatements.For<TSaga>(db, options.Value.LockTimeout);
        var inbox = SagaInbox.For<TSaga>(db, context, clock);

        if (db.Database.CurrentTransaction is not null && batch.Covers(context.CorrelationId))
        {
            await InBatch(context, inbox, pipeline);
            return;
        }

        if (db.Database.CurrentTransaction is not null)
        {
            if (inbox is not null && await inbox.AlreadyConsumed(context.CancellationToken))
            {
                LogRedelivery(context);
                return;
            }
            await pipeline(new DbContextSagaRepositoryContext<TSaga, T>(db, context, consumeContexts, locks, logger));
            return;
        }

        // Inside the execution strategy, so a retrying strategy (SQL Server) re-runs the whole unit (MassTransit #1519).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async cancellationToken =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                if (locks.BeginTransaction is not null)
                    await db.Database.ExecuteSqlRawAsync(locks.BeginTransaction, cancellationToken);
                if (inbox is not null && await inbox.AlreadyConsumed(cancellationToken))
                {
                    LogRedelivery(context);
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }

                var repository = new DbContextSagaRepositoryContext<TSaga, T>(db, context, consumeContexts, locks, logger);
                await pipeline(repository);
                await repository.SaveChanges();
                await transaction.CommitAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                db.ChangeTracker.Clear();
                logger.LogWarning(exception, "Saga {SagaType} {CorrelationId}: {MessageType} rolled back",
                    typeof(TSaga).Name, context.CorrelationId, typeof(T).Name);
                throw;
            }
        }, context.CancellationToken);
    }

    /// <summary>
    /// A message of a batch run as one unit of work (see <see cref="SagaBatch"/>): the batch's rows of this saga type and
    /// the messages it already consumed are read once for the whole batch; the inbox entry joins the batch's save.
    /// </summary>
    async Task InBatch<T>(ConsumeContext<T> context, SagaInbox? inbox, Func<DbContextSagaRepositoryContext<TSaga, T>, Task> pipeline)
        where T : class
    {
        if (batch.FirstLoadOf<TSaga>())
        {
            await foreach (var _ in SagasOf.GetOrAdd(db.Model, _ => CompileSagasOf())(db, [.. batch.CorrelationIds]).WithCancellation(context.CancellationToken))
            {
                // Tracked as they are read: the batch's messages find them in the change tracker.
            }
        }

        if (inbox is not null)
        {
            var consumed = await batch.ConsumedBy(SagaInbox.ConsumerOf<TSaga>(), async () =>
            {
                var ids = new HashSet<Guid>();
                await foreach (var id in ConsumedOf.GetOrAdd(db.Model, _ => CompileConsumedOf())(db, SagaInbox.ConsumerOf<TSaga>(), [.. batch.MessageIds])
                    .WithCancellation(context.CancellationToken))
                    ids.Add(id);
                return ids;
            });
            if (!consumed.Add(context.MessageId!.Value))
            {
                LogRedelivery(context);
                return;
            }
            inbox.Record();
        }

        var locks = SagaLockStatements.For<TSaga>(db, options.Value.LockTimeout);
        await pipeline(new DbContextSagaRepositoryContext<TSaga, T>(db, context, consumeContexts, locks, logger, preloaded: true));
    }

    /// <summary>
    /// A batch's sagas, compiled once per model: EF would otherwise rebuild and look up the query for every batch, and a
    /// compiled query only runs against the model it was first run with (a process may hold the context on two providers).
    /// </summary>
    static readonly ConcurrentDictionary<IModel, Func<TContext, Guid[], IAsyncEnumerable<TSaga>>> SagasOf = new();

    /// <summary>Which of a batch's messages a consumer already processed, compiled once per model.</summary>
    static readonly ConcurrentDictionary<IModel, Func<TContext, string, Guid[], IAsyncEnumerable<Guid>>> ConsumedOf = new();

    static Func<TContext, Guid[], IAsyncEnumerable<TSaga>> CompileSagasOf() =>
        EF.CompileAsyncQuery((TContext context, Guid[] ids) => context.Set<TSaga>().AsTracking().Where(saga => ids.Contains(saga.CorrelationId)));

    static Func<TContext, string, Guid[], IAsyncEnumerable<Guid>> CompileConsumedOf() =>
        EF.CompileAsyncQuery((TContext context, string consumer, Guid[] ids) =>
            context.Set<InboxMessage>().Where(message => message.Consumer == consumer && ids.Contains(message.MessageId)).Select(message => message.MessageId));

    void LogRedelivery(ConsumeContext context) =>
        logger.LogInformation("Saga {SagaType} {CorrelationId}: message {MessageId} was processed before; skipped",
            typeof(TSaga).Name, context.CorrelationId, context.MessageId);
}
