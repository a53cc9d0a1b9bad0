using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Sagas.Persistence;

/// <summary>Tells which of our three database engines a DbContext is configured for.</summary>
public static class DatabaseProviders
{
    /// <summary>The provider behind <paramref name="database"/>; anything else is a configuration error.</summary>
    public static DatabaseProvider ProviderOf(DatabaseFacade database)
    {
        if (database.IsSqlite())
            return DatabaseProvider.Sqlite;
        if (database.IsNpgsql())
            return DatabaseProvider.PostgreSql;
        if (database.IsSqlServer())
            return DatabaseProvider.SqlServer;
        throw new NotSupportedException($"Database provider '{database.ProviderName}' is not supported; use SQLite, PostgreSQL or SQL Server.");
    }
}
