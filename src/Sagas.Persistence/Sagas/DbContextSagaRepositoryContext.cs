using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Sagas.Persistence.Sagas;

/// <summary>
/// One message's view of a saga table, inside the transaction the factory opened: loads under the saga locks and
/// tracks what the pipeline changes; nothing is written until <see cref="SaveChanges"/> at the end of the pipeline,
/// except the row an <c>InsertOnInitial</c> state machine inserts up front. A saga the factory has already seen to be
/// absent (<paramref name="absentId"/>) loads as missing without a query, and so does any saga not tracked when the
/// unit of work <paramref name="preloaded"/> its rows (see <see cref="SagaBatch"/>).
/// </summary>
internal sealed class DbContextSagaRepositoryContext<TSaga, TMessage>(
    DbContext db,
    ConsumeContext<TMessage> message,
    ISagaConsumeContextFactory<DbContext, TSaga> consumeContexts,
    SagaLockStatements locks,
    ILogger logger,
    Guid? absentId = null,
    bool preloaded = false)
    : ConsumeContextScope<TMessage>(message), SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    readonly HashSet<Guid> _lockedIds = [];
    readonly HashSet<Guid> _insertedIds = [];

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        consumeContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        await LockId(instance.CorrelationId);
        var entry = db.Set<TSaga>().Add(instance);
        SagaVersion.First(entry);
        try
        {
            await db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateException exception) when (exception is not DbUpdateConcurrencyException)
        {
            // Most likely the saga already exists; EF rolled back to its savepoint, so the load that follows sees the row.
            entry.State = EntityState.Detached;
            logger.LogDebug(exception, "Saga {SagaType} {CorrelationId} was not inserted; loading it instead",
                typeof(TSaga).Name, instance.CorrelationId);
            return default!;
        }

        _insertedIds.Add(instance.CorrelationId);
        return await consumeContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        if (correlationId == absentId)
            return default!;

        // An earlier message of the same unit of work may have created or changed the saga without saving it yet.
        if (db.Set<TSaga>().Local.FindEntry(correlationId) is { State: not (EntityState.Deleted or EntityState.Detached) } tracked)
            return await consumeContexts.CreateSagaConsumeContext(db, this, tracked.Entity, SagaConsumeContextMode.Load);
        if (preloaded)
            return default!;

        await LockId(correlationId);
        var instance = locks.SelectForUpdate is null
            ? await db.Set<TSaga>().AsTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == correlationId, CancellationToken)
            : (await db.Set<TSaga>().FromSqlRaw(locks.SelectForUpdate, correlationId).AsTracking().ToListAsync(CancellationToken))
            .SingleOrDefault();

        return instance is null
            ? default!
            : await consumeContexts.CreateSagaConsumeContext(db, this, instance, SagaConsumeContextMode.Load);
    }

    /// <summary>Called after <see cref="Add"/>: the new saga becomes a pending insert.</summary>
    public Task Save(SagaConsumeContext<TSaga> sagaContext)
    {
        SagaVersion.First(db.Set<TSaga>().Add(sagaContext.Saga));
        return Task.CompletedTask;
    }

    /// <summary>Called after a load or insert: the saga becomes a pending update with the next version.</summary>
    public Task Update(SagaConsumeContext<TSaga> sagaContext)
    {
        var entry = db.Entry(sagaContext.Saga);
        if (!_insertedIds.Contains(sagaContext.Saga.CorrelationId))
            SagaVersion.Next(entry);
        return Task.CompletedTask;
    }

    /// <summary>Completed sagas are kept for inspection, never deleted: their final state is saved like any update.</summary>
    public Task Delete(SagaConsumeContext<TSaga> sagaContext) => Update(sagaContext);

    /// <summary>
    /// A saga that completed within its first message is kept too. MassTransit also discards when the pipeline throws;
    /// that exception then rolls the whole transaction back, so keeping the saga here never outlives a failure.
    /// </summary>
    public Task Discard(SagaConsumeContext<TSaga> sagaContext) => Save(sagaContext);

    public Task Undo(SagaConsumeContext<TSaga> sagaContext)
    {
        var entry = db.ChangeTracker.Entries<TSaga>().FirstOrDefault(e => e.Entity.CorrelationId == sagaContext.Saga.CorrelationId);
        if (entry is not null)
            entry.State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance,
        SagaConsumeContextMode mode)
        where T : class =>
        consumeContexts.CreateSagaConsumeContext(db, consumeContext, instance, mode);

    /// <summary>
    /// Writes the saga and everything else the pipeline added to the same DbContext, in one SaveChanges, at the end of
    /// the repository's own transaction, which a failure rolls back whole: EF's automatic savepoint around it would only
    /// cost two more round trips.
    /// </summary>
    public async Task SaveChanges()
    {
        if (db.ChangeTracker.HasChanges())
            await db.Database.WithoutAutoSavepoints(() => db.SaveChangesAsync(CancellationToken));
    }

    async Task LockId(Guid correlationId)
    {
        if (locks.LockSagaId is null || !_lockedIds.Add(correlationId))
            return;
        await db.Database.ExecuteSqlRawAsync(locks.LockSagaId, [locks.LockKey(correlationId)], CancellationToken);
    }
}
