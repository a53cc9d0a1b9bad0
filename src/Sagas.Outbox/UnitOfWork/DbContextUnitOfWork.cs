using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Sagas.Kafka;
using Sagas.Persistence;
using Sagas.Persistence.Sagas;

namespace Sagas.Outbox.UnitOfWork;

/// <summary>
/// A batch of records as one transaction of the batch scope's <typeparamref name="TContext"/>: every handler of the
/// batch uses that instance, joins the transaction instead of opening its own, and leaves saving to the end, when
/// everything is written with one SaveChanges and one commit; a saga repository on the context is told the batch's
/// sagas up front (<see cref="SagaBatch"/>). With <paramref name="gate"/>, batches on this database
/// take turns in this process, so two batches never hold row locks the other waits for.
/// </summary>
internal sealed class DbContextUnitOfWork<TContext>(TContext db, SagaBatch sagas, TimeSpan lockTimeout, SemaphoreSlim? gate) : IBatchUnitOfWork
    where TContext : DbContext
{
    IDbContextTransaction? _transaction;
    bool _holdsGate;

    public async Task Begin(IReadOnlyList<RecordIdentity> records, CancellationToken cancellationToken)
    {
        // The saga repository reads the batch's sagas, and what they already consumed, at once (see SagaBatch).
        sagas.Expect(records.Select(record => record.SagaId).OfType<Guid>(), records.Select(record => record.MessageId).OfType<Guid>());

        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
            _holdsGate = true;
        }

        try
        {
            _transaction = await DatabaseTransactions.Begin(db, lockTimeout, cancellationToken);
        }
        catch
        {
            // A database that cannot begin (it is down) must not keep the turn: every later batch would wait for it forever.
            await End();
            throw;
        }
    }

    public async Task Commit(CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.WithoutAutoSavepoints(() => db.SaveChangesAsync(cancellationToken));
            await _transaction!.CommitAsync(cancellationToken);
        }
        finally
        {
            await End();
        }
    }

    public async Task Rollback(CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        try
        {
            if (_transaction is not null)
                await _transaction.RollbackAsync(cancellationToken);
        }
        finally
        {
            await End();
        }
    }

    async Task End()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }

        if (_holdsGate)
        {
            _holdsGate = false;
            gate!.Release();
        }
    }
}
