using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sagas.Persistence;

/// <summary>
/// Sets SQLite's own busy timeout on every connection it opens. Without it, a writer that finds the database
/// locked gets SQLITE_BUSY at once and Microsoft.Data.Sqlite sleeps 150 ms before each retry, so concurrent saga
/// transitions queue up in 150 ms steps; SQLite's handler instead retries within a few milliseconds.
/// </summary>
internal sealed class SqliteBusyWait(TimeSpan timeout) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = BusyTimeout(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = BusyTimeout(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    DbCommand BusyTimeout(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {(int)timeout.TotalMilliseconds};";
        return command;
    }
}
