using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sagas.Persistence;

public static class DatabaseTransactions
{
    /// <summary>
    /// Begins a transaction on <paramref name="db"/> whose lock waits end after <paramref name="lockTimeout"/>:
    /// PostgreSQL's <c>lock_timeout</c> and SQL Server's <c>LOCK_TIMEOUT</c> are set for it alone; SQLite waits for its
    /// write lock as long as the connection's busy timeout.
    /// </summary>
    public static async Task<IDbContextTransaction> Begin(DbContext db, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (LockTimeoutStatement(db, lockTimeout) is { } statement)
                await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>The statement that bounds lock waits in the current transaction, or null where the provider has none.</summary>
    public static string? LockTimeoutStatement(DbContext db, TimeSpan lockTimeout) => DatabaseProviders.ProviderOf(db.Database) switch
    {
        DatabaseProvider.PostgreSql => $"SET LOCAL lock_timeout = {(int)lockTimeout.TotalMilliseconds}",
        DatabaseProvider.SqlServer => $"SET LOCK_TIMEOUT {(int)lockTimeout.TotalMilliseconds}",
        _ => null,
    };
}
