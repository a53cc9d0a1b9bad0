using System.Data;
using Microsoft.EntityFrameworkCore;
using Sagas.Persistence;

namespace Sagas.Hosting.Workers;

/// <summary>
/// Runs a worker's unit of work in one database transaction inside the provider's execution strategy, and runs it again
/// when a concurrent writer claimed the same unique key first (the next attempt reads what it stored). Inside a batch
/// of records that is one transaction already, the work joins it and leaves the commit to the batch: a failure then
/// rolls the batch back, and its records run again one at a time, each through here on its own.
/// </summary>
public static class Transactions
{
    const int MaxAttempts = 3;

    public static async Task<T> Run<T>(DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken,
        IsolationLevel isolation = IsolationLevel.Unspecified)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            var result = await work(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            // Saved: the next record of the batch need not have these entities checked for changes at every save.
            db.ChangeTracker.Clear();
            return result;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(isolation, token);
                    // A failed save reruns the whole transaction.
                    return await db.Database.WithoutAutoSavepoints(async () =>
                    {
                        var result = await work(token);
                        await db.SaveChangesAsync(token);
                        await transaction.CommitAsync(token);
                        return result;
                    });
                }, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
