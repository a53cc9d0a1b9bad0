using Microsoft.Data.SqlClient;
using Npgsql;
using Quartz;

namespace Sagas.Scheduling;

/// <summary>
/// Failures that say nothing about the request, only that it met another transaction: the database chose it as a
/// deadlock victim or serialization failure, or a cancel lost a race with a removal of the same timeout's trigger
/// (Quartz's DeleteJob reads the job's triggers, then unschedules each in a transaction of its own, and throws when one
/// went in between: the firing that completed it, the job forgetting itself, another node's cancel). Worth trying
/// again at once, since Apply is idempotent.
/// </summary>
internal static class TransientStoreFailure
{
    public static bool Is(Exception exception, TimeoutRequest request) =>
        (request is CancelTimeout && exception is SchedulerException and not JobPersistenceException) || GaveWay(exception);

    static bool GaveWay(Exception exception) =>
        Causes(exception).Any(cause => cause switch
        {
            PostgresException postgres => postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
            SqlException sqlServer => sqlServer.Number == 1205,
            _ => false,
        });

    static IEnumerable<Exception> Causes(Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
            yield return cause;
    }
}
