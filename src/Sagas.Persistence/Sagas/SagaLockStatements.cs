using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sagas.Persistence.Sagas;

/// <summary>
/// The SQL that serialises work on one saga, per provider. Two locks, both held until the transaction ends:
/// a lock on the saga id, taken before the row is read, so two first messages for one id cannot both find "no row"
/// and insert; and a row lock on the loaded row against writers that do not take the id lock.
/// SQLite needs neither: the repository's transaction is IMMEDIATE and so already holds the database write lock.
/// </summary>
internal sealed record SagaLockStatements(
    DatabaseProvider Provider,
    string QualifiedTable,
    string? BeginTransaction,
    string? LockSagaId,
    string? SelectForUpdate)
{
    /// <summary>The statements for <typeparamref name="TSaga"/> in <paramref name="context"/>'s model, built once per model and timeout.</summary>
    public static SagaLockStatements For<TSaga>(DbContext context, TimeSpan lockTimeout)
        where TSaga : class, ISaga =>
        Built<TSaga>.ByModel.GetOrAdd((context.Model, lockTimeout), _ => Build<TSaga>(context, lockTimeout));

    static SagaLockStatements Build<TSaga>(DbContext context, TimeSpan lockTimeout)
        where TSaga : class, ISaga
    {
        var entity = context.Model.FindEntityType(typeof(TSaga)) ?? throw new InvalidOperationException(
            $"{context.GetType().Name} does not map saga {typeof(TSaga).Name}; apply a SagaClassMap<{typeof(TSaga).Name}> in OnModelCreating.");
        var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"Saga {typeof(TSaga).Name} is not mapped to a table.");
        var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var key = entity.FindProperty(nameof(ISaga.CorrelationId))!.GetColumnName(table)!;

        var sql = context.GetService<ISqlGenerationHelper>();
        var qualifiedTable = sql.DelimitIdentifier(tableName, entity.GetSchema());
        var keyColumn = sql.DelimitIdentifier(key);
        var timeoutMs = (int)lockTimeout.TotalMilliseconds;

        return DatabaseProviders.ProviderOf(context.Database) switch
        {
            DatabaseProvider.PostgreSql => new(DatabaseProvider.PostgreSql, qualifiedTable,
                DatabaseTransactions.LockTimeoutStatement(context, lockTimeout),
                "SELECT pg_advisory_xact_lock({0})",
                $"SELECT * FROM {qualifiedTable} WHERE {keyColumn} = {{0}} FOR UPDATE"),
            DatabaseProvider.SqlServer => new(DatabaseProvider.SqlServer, qualifiedTable,
                DatabaseTransactions.LockTimeoutStatement(context, lockTimeout),
                "DECLARE @result int; " +
                $"EXEC @result = sp_getapplock @Resource = {{0}}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = {timeoutMs}; " +
                "IF @result < 0 THROW 51000, 'Timed out waiting for the saga lock.', 1;",
                $"SELECT * FROM {qualifiedTable} WITH (UPDLOCK, ROWLOCK) WHERE {keyColumn} = {{0}}"),
            _ => new(DatabaseProvider.Sqlite, qualifiedTable, null, null, null),
        };
    }

    static class Built<TSaga>
    {
        public static readonly ConcurrentDictionary<(IModel Model, TimeSpan LockTimeout), SagaLockStatements> ByModel = new();
    }

    /// <summary>The parameter for <see cref="LockSagaId"/>: an advisory lock key on PostgreSQL, a lock resource name on SQL Server.</summary>
    public object LockKey(Guid correlationId) => Provider == DatabaseProvider.PostgreSql
        ? BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{QualifiedTable}:{correlationId:N}")))
        : $"{QualifiedTable}:{correlationId:N}";
}
