using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sagas.Outbox.Tests.Support;

/// <summary>
/// While armed, a commit happens but its answer is lost: the transaction commits, then the caller gets the error SQLite
/// gives when its file cannot be written, as a client does when the database goes away during the commit.
/// </summary>
public sealed class LostCommitAnswers : DbTransactionInterceptor
{
    const int SqliteIoError = 10;

    public bool Armed { get; set; }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (!Armed)
            return result;
        await transaction.CommitAsync(cancellationToken);
        throw new SqliteException("disk I/O error", SqliteIoError);
    }
}
