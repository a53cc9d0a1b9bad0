using System.Data.Common;
using System.Net.Sockets;
using Confluent.Kafka;

namespace Sagas.Kafka.Outages;

/// <summary>
/// The one rule that tells an outage from a failed message. A failure is transient when something the platform depends on
/// could not be reached or answered "not now": a database that refuses connections or is shutting down, a connection
/// reset, a timeout, a failover, a Kafka cluster without a leader or brokers. Such a failure says nothing about the
/// message, so it pauses the work until the dependency is back instead of costing the message its retries and sending it
/// to a dead-letter topic. Everything else (a payload that cannot be read, a business rule or constraint that refuses, a
/// handler bug) is the message's own failure.
/// </summary>
public static class TransientFailure
{
    /// <summary>SQLSTATE classes that mean the server, not the statement, failed: connection exception, insufficient resources, system error.</summary>
    static readonly string[] ServerStateClasses = ["08", "53", "58"];

    /// <summary>
    /// SQLSTATEs of operator intervention and of a standby that cannot take writes: admin and crash shutdown, cannot connect
    /// now, database dropped, read-only transaction (a failover in progress).
    /// </summary>
    static readonly string[] ServerStates = ["57P01", "57P02", "57P03", "57P04", "25006"];

    const int SqliteBusy = 5;
    const int SqliteLocked = 6;

    /// <summary>SQLite result codes of a file that cannot be used right now: I/O error, disk full, cannot open, lock protocol.</summary>
    static readonly int[] SqliteUnavailableCodes = [10, 13, 14, 15];

    /// <summary>Kafka errors of a cluster that cannot take or serve the request now, which librdkafka or a later attempt gets past.</summary>
    static readonly HashSet<ErrorCode> KafkaUnavailableCodes =
    [
        ErrorCode.Local_Transport, ErrorCode.Local_AllBrokersDown, ErrorCode.Local_MsgTimedOut, ErrorCode.Local_TimedOut,
        ErrorCode.Local_TimedOutQueue, ErrorCode.Local_WaitCoord, ErrorCode.Local_Retry, ErrorCode.Local_Destroy,
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
        DbException database => IsUnavailable(database) ? DatabaseName(database) : null,
        SocketException or TimeoutException => "network",
        _ => null,
    };

    static bool IsUnavailable(DbException exception)
    {
        // Contention (a deadlock, a serialization failure, a lock not granted, SQLite busy) is the message's to retry:
        // the database is up, and calling it down would pause everything and make readiness flap.
        if (IsContention(exception))
            return false;
        if (exception.SqlState is { Length: 5 } state && (ServerStates.Contains(state) || ServerStateClasses.Contains(state[..2])))
            return true;
        // SQLite reports its result code as the exception's error code; other providers put an HRESULT there.
        if (IsSqlite(exception))
            return SqliteUnavailableCodes.Contains(exception.ErrorCode & 0xFF);
        return exception.IsTransient;
    }

    static bool IsContention(DbException exception) =>
        exception.SqlState is { Length: 5 } state && (state.StartsWith("40", StringComparison.Ordinal) || state == "55P03")
        || IsSqlite(exception) && (exception.ErrorCode & 0xFF) is SqliteBusy or SqliteLocked;

    /// <summary>
    /// The provider is recognised by its exception's namespace: this rule must not make everything that consumes Kafka
    /// reference every database provider.
    /// </summary>
    static string DatabaseName(DbException exception) => exception.GetType().Namespace switch
    {
        "Npgsql" => "PostgreSQL",
        "Microsoft.Data.Sqlite" => "SQLite",
        "Microsoft.Data.SqlClient" or "System.Data.SqlClient" => "SQL Server",
        _ => "database",
    };

    static bool IsSqlite(DbException exception) => exception.GetType().Namespace == "Microsoft.Data.Sqlite";
}

/// <summary>What made a failure transient: the dependency it names and the exception of the chain that said so.</summary>
public sealed record TransientCause(string Dependency, Exception Exception);
