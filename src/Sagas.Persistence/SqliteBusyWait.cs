using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Sagas.Persistence;

/// <summary>
/// Sets SQLite's own busy timeout on every connection it opens. Without it, a writer that finds the database
/// locked gets SQLITE_BUSY at once and Microsoft.Data.Sqlite sleeps 150 ms before each retry, so concurrent saga
/// transitions queue up in 150 ms steps; SQLite's handler instead retries within a few milliseconds. It is a call on
/// the native handle rather than a PRAGMA statement: EF opens a pooled connection for every query outside a
/// transaction, and a statement per open would be parsed and run each time for nothing.
/// </summary>
internal sealed class SqliteBusyWait(TimeSpan timeout) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SetBusyTimeout(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        SetBusyTimeout(connection);
        return Task.CompletedTask;
    }

    void SetBusyTimeout(DbConnection connection)
    {
        var result = raw.sqlite3_busy_timeout(((SqliteConnection)connection).Handle, (int)timeout.TotalMilliseconds);
        if (result != raw.SQLITE_OK)
            throw new SqliteException($"Could not set the busy timeout on '{connection.DataSource}'.", result);
    }
}
