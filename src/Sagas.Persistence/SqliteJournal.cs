using Microsoft.EntityFrameworkCore;

namespace Sagas.Persistence;

/// <summary>Write-ahead logging lets readers (the API, the test harness) go on while a saga transaction writes.</summary>
internal static class SqliteJournal
{
    public static async Task UseWriteAheadLogAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (context.Database.IsSqlite())
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
