using Microsoft.Data.SqlClient;
using Npgsql;

namespace Sagas.Scheduling;

/// <summary>
/// Failures that say nothing about the requests, only that they met another transaction: the database chose theirs
/// as a deadlock victim or serialization failure. Worth trying again at once, since applying requests is idempotent.
/// </summary>
internal static class TransientStoreFailure
{
    public static bool Is(Exception exception) =>
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
