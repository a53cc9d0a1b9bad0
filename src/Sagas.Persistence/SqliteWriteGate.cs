using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sagas.Persistence;

/// <summary>
/// Lets this process's transactions on one SQLite file take turns in arrival order. SQLite has one writer at a time
/// and its busy handler polls with sleeps that grow to 100 ms, so under contention a writer sleeps long after the
/// lock came free and an unlucky one waits for seconds; a queue in front of BEGIN hands the lock over at once.
/// Other processes on the file still meet the busy timeout. A turn ends when the transaction commits, rolls back or
/// fails, or at the latest when its connection closes (a transaction disposed without either). SaveChanges always
/// runs in a transaction here, so a one-statement save queues too instead of polling past the queue.
/// </summary>
internal sealed class SqliteWriteGate(TimeSpan timeout) : IDbTransactionInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor
{
    static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);
    static readonly ConditionalWeakTable<DbContext, Turn> Holders = new();

    /// <remarks>
    /// The transaction is begun here rather than by EF, so that a BEGIN that fails (another process held the write lock
    /// past the busy timeout) hands its turn back: no interceptor is told of that failure, and the turn would otherwise
    /// stay taken and every later writer of this process on the file would time out at the gate.
    /// </remarks>
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var turns = TurnsOf(connection);
        if (!await turns.WaitAsync(timeout, cancellationToken))
            throw new TimeoutException($"Waited {timeout} for the other writers of '{connection.DataSource}' to finish.");
        try
        {
            if (!result.HasResult)
                result = InterceptionResult<DbTransaction>.SuppressWithResult(await connection.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken));
        }
        catch
        {
            turns.Release();
            throw;
        }
        Hold(eventData.Context, turns);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        var turns = TurnsOf(connection);
        if (!turns.Wait(timeout))
            throw new TimeoutException($"Waited {timeout} for the other writers of '{connection.DataSource}' to finish.");
        try
        {
            if (!result.HasResult)
                result = InterceptionResult<DbTransaction>.SuppressWithResult(connection.BeginTransaction(eventData.IsolationLevel));
        }
        catch
        {
            turns.Release();
            throw;
        }
        Hold(eventData.Context, turns);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        InTransaction(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        InTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Release(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Release(eventData.Context);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Release(eventData.Context);

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.Context);

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.Context);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.Context);

    static void InTransaction(DbContext? context)
    {
        if (context is not null)
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

    static SemaphoreSlim TurnsOf(DbConnection connection) =>
        Turns.GetOrAdd(Path.GetFullPath(connection.DataSource), _ => new SemaphoreSlim(1, 1));

    static void Hold(DbContext? context, SemaphoreSlim turns)
    {
        if (context is null)
        {
            // A transaction without a context could not be followed to its end: it goes without a turn and meets the
            // busy timeout, like a writer in another process.
            turns.Release();
            return;
        }
        Holders.AddOrUpdate(context, new Turn(turns));
    }

    static Task Release(DbContext? context)
    {
        if (context is not null && Holders.TryGetValue(context, out var turn))
            turn.End();
        return Task.CompletedTask;
    }

    /// <summary>One transaction's turn; ends once however many of the events above report it.</summary>
    sealed class Turn(SemaphoreSlim turns)
    {
        SemaphoreSlim? _turns = turns;

        public void End() => Interlocked.Exchange(ref _turns, null)?.Release();
    }
}
