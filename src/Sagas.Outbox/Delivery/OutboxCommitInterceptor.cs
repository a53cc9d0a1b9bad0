using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sagas.Kafka.Outages;

namespace Sagas.Outbox.Delivery;

/// <summary>
/// Tells the publisher when the rows a context wrote are committed: when the transaction that saved them commits, or
/// right after SaveChanges when no transaction was open (it committed on its own). A transaction that ends any other
/// way takes its rows with it.
/// </summary>
internal sealed class OutboxCommitInterceptor<TContext>(OutboxPublisher<TContext> publisher) : SaveChangesInterceptor, IDbTransactionInterceptor
    where TContext : DbContext
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Discarded(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Discarded(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
            publisher.Committed(context);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discarded(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discarded(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Failed(eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A commit that failed because the database went away may have happened all the same: its rows are in doubt, not
    /// discarded. Any other failure (or one before the commit) leaves nothing committed.
    /// </summary>
    void Failed(TransactionErrorEventData eventData)
    {
        if (eventData.Context is not { } context)
            return;
        if (eventData.Action == "Commit" && TransientFailure.IsTransient(eventData.Exception))
            publisher.InDoubt(context);
        else
            publisher.Discarded(context);
    }

    /// <summary>
    /// A save with no transaction open commits on its own, and with it whatever the context has saved and not seen
    /// committed; a transaction that saved rows and then ended by being disposed (rolled back) told no one. Its rows
    /// are forgotten here, or they would be produced with this save's although they never committed.
    /// </summary>
    void Saving(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
            publisher.Discarded(context);
    }

    void Saved(DbContext? context)
    {
        if (context is null)
            return;
        publisher.Saved(context);
        // SaveChanges without an open transaction committed by itself.
        if (context.Database.CurrentTransaction is null)
            publisher.Committed(context);
    }

    void Discarded(DbContext? context)
    {
        if (context is not null)
            publisher.Discarded(context);
    }
}
