using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Data.Sqlite;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Outages;

/// <summary>
/// A real database a consumer depends on: a SQLite file whose directory the test moves away (the file cannot be opened:
/// an outage) and back. Each applied record is stored once, by its key and sequence.
/// </summary>
public sealed class SqliteDependency : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), $"sagas-outage-{Guid.NewGuid():N}");
    readonly ConcurrentQueue<(Guid Key, int Sequence)> _applied = new();
    int _failedAttempts;

    public SqliteDependency()
    {
        Directory.CreateDirectory(Live);
        Execute("CREATE TABLE applied (key TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (key, sequence))");
    }

    string Live => Path.Combine(_root, "live");

    string Away => Path.Combine(_root, "away");

    string ConnectionString => $"Data Source={Path.Combine(Live, "consumer.db")};Pooling=false";

    /// <summary>Attempts that failed because the database was away.</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>What was applied, in the order it was applied.</summary>
    public IReadOnlyList<(Guid Key, int Sequence)> Applied => [.. _applied];

    public void TakeDown() => Directory.Move(Live, Away);

    public void BringBack() => Directory.Move(Away, Live);

    /// <summary>Stores the record; idempotent, as handlers are, so a redelivery changes nothing.</summary>
    public void Apply(Guid key, int sequence)
    {
        try
        {
            if (Execute($"INSERT OR IGNORE INTO applied VALUES ('{key}', {sequence})") == 1)
                _applied.Enqueue((key, sequence));
        }
        catch (SqliteException)
        {
            Interlocked.Increment(ref _failedAttempts);
            throw;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    int Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = new SqliteCommand(sql, connection);
        return command.ExecuteNonQuery();
    }
}

/// <summary>Applies each <see cref="Numbered"/> record to the <see cref="SqliteDependency"/>.</summary>
public sealed class StoringConsumer(SqliteDependency database) : IConsumer<Numbered>
{
    public Task Consume(ConsumeContext<Numbered> context)
    {
        database.Apply(context.Message.CorrelationId, context.Message.Sequence);
        return Task.CompletedTask;
    }
}
