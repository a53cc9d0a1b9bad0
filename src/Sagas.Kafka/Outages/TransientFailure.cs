using System.Data.Common;
using System.Net.Sockets;
using Confluent.Kafka;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Sagas.Kafka.Outages;

/// <summary>
/// The one rule that tells an outage from a failed message. A failure is transient when something the platform depends on
/// could not be reached or answered "not now": a database that refuses connections or is shutting down, a connection
/// reset, a timeout, a failover, a Kafka cluster without a leader or brokers. Such a failure says nothing about the
/// message, so it pauses the work until the dependency is back instead of costing the message its retries and sending it
/// to a dead-letter topic. Everything else (a payload that cannot be read, a business rule or constraint that refuses, a
/// handler bug) is the message's own failure; so is contention (a deadlock, a serialization failure, a busy SQLite file),
/// which the message's retries are for while the database is up.
/// </summary>
public static class TransientFailure
{
    /// <summary>SQLSTATE classes that mean the server, not the statement, failed: connection exception, insufficient resources, system error.</summary>
    static readonly string[] ServerStateClasses = ["08", "53", "58"];

    /// <summary>
    /// SQLSTATEs of operator intervention and of a server that cannot take writes: admin and crash shutdown, cannot connect
    /// now, database dropped, read-only transaction (a standby during a failover).
    /// </summary>
    static readonly string[] ServerStates = ["57P01", "57P02", "57P03", "57P04", "25006"];

    /// <summary>SQLite result codes of a file that cannot be used: I/O error, disk full, cannot open, lock protocol.</summary>
    static readonly int[] SqliteUnavailableCodes = [10, 13, 14, 15];

    /// <summary>
    /// SQL Server errors of a server that cannot be reached or cannot serve now: timeouts, network errors, a database
    /// being failed over, moved or unavailable, a read-only replica, throttling.
    /// </summary>
    static readonly HashSet<int> SqlServerUnavailableNumbers =
    [
        -2, 2, 53, 64, 121, 233, 4060, 4221, 10053, 10054, 10060, 10061, 11001, 18401, 40143, 40197, 40501, 40540, 40613, 42108, 42109,
        49918, 49919, 49920,
    ];

    /// <summary>Kafka errors of a cluster that cannot take or serve the request now, which librdkafka or a later attempt gets past.</summary>
    static readonly HashSet<ErrorCode> KafkaUnavailableCodes =
    [
        ErrorCode.Local_Transport, ErrorCode.Local_AllBrokersDown, ErrorCode.Local_MsgTimedOut, ErrorCode.Local_TimedOut,
        ErrorCode.Local_TimedOutQueue, ErrorCode.Local_WaitCoord, ErrorCode.Local_Retry,
        ErrorCode.RequestTimedOut, ErrorCode.BrokerNotAvailable, ErrorCode.LeaderNotAvailable, ErrorCode.NotLeaderForPartition,
        ErrorCode.NetworkException, ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.GroupLoadInProgress,
        ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup, ErrorCode.KafkaStorageError,
        ErrorCode.FencedLeaderEpoch, ErrorCode.UnknownLeaderEpoch, ErrorCode.OffsetNotAvailable, ErrorCode.PreferredLeaderNotAvailable,
    ];

    /// <summary>Whether <paramref name="exception"/>, or any exception it wraps, says a dependency is unavailable.</summary>
    public static bool IsTransient(Exception exception) => Find(exception) is not null;

    /// <summary>
    /// The dependency that <paramref name="exception"/> (or one it wraps) says is unavailable, named for people reading
    /// logs and health ("PostgreSQL", "SQLite", "SQL Server", "database", "Kafka", "network"); null when the failure is
    /// the message's own.
    /// </summary>
    public static string? DependencyOf(Exception exception) => Find(exception)?.Dependency;

    /// <summary>The outermost exception of the chain that names an unavailable dependency, or null (see <see cref="DependencyOf"/>).</summary>
    public static TransientCause? Find(Exception exception)
    {
        var seen = 0;
        var pending = new Stack<Exception>([exception]);
        // Bounded: a chain of wrappers is short, and a cyclic one must not spin.
        while (pending.TryPop(out var current) && seen++ < 32)
        {
            if (Classify(current) is { } dependency)
                return new TransientCause(dependency, current);
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                    pending.Push(inner);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }

    static string? Classify(Exception exception) => exception switch
    {
        KafkaException kafka => KafkaUnavailableCodes.Contains(kafka.Error.Code) ? "Kafka" : null,
        PostgresException postgres => IsServerUnavailable(postgres.SqlState) ? "PostgreSQL" : null,
        // Not a server's answer: the connection could not be made, broke or timed out.
        NpgsqlException npgsql => npgsql.IsTransient ? "PostgreSQL" : null,
        SqliteException sqlite => SqliteUnavailableCodes.Contains(sqlite.SqliteErrorCode) ? "SQLite" : null,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(error => error.Class >= 20 || SqlServerUnavailableNumbers.Contains(error.Number))
            ? "SQL Server"
            : null,
        DbException database => IsServerUnavailable(database.SqlState) || (database.SqlState is null && database.IsTransient) ? "database" : null,
        SocketException or TimeoutException => "network",
        _ => null,
    };

    static bool IsServerUnavailable(string? sqlState) =>
        sqlState is { Length: 5 } state && (ServerStates.Contains(state) || ServerStateClasses.Contains(state[..2]));
}

/// <summary>What made a failure transient: the dependency it names and the exception of the chain that said so.</summary>
public sealed record TransientCause(string Dependency, Exception Exception);
