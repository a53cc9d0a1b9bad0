using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sagas.Outbox.Tests.Support;

/// <summary>
/// While armed, the database refuses to delete outbox rows with the error SQLite gives when its file cannot be written
/// (a disk I/O error): an outage that strikes a sweep after it claimed and produced rows, before it recorded that.
/// </summary>
public sealed class FailingOutboxDeletes : DbCommandInterceptor
{
    const int SqliteIoError = 10;

    public bool Armed { get; set; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Armed && command.CommandText.Contains("DELETE", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("Outbox", StringComparison.OrdinalIgnoreCase))
            throw new SqliteException("disk I/O error", SqliteIoError);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
