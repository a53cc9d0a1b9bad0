using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sagas.Persistence;

/// <summary>Tells which of our three database engines a DbContext is configured for.</summary>
public static class DatabaseProviders
{
    /// <summary>
    /// By the type of the context's EF provider: EF's own <c>IsSqlite()</c> and friends read the provider assembly's name
    /// through reflection on every call, and the hot path asks on every message.
    /// </summary>
    static readonly ConcurrentDictionary<Type, DatabaseProvider> Known = new();

    /// <summary>The provider behind <paramref name="database"/>; anything else is a configuration error.</summary>
    public static DatabaseProvider ProviderOf(DatabaseFacade database) =>
        Known.GetOrAdd(database.GetService<IDatabaseProvider>().GetType(), _ => Classify(database));

    static DatabaseProvider Classify(DatabaseFacade database)
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
