using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Sagas.Persistence;

public static class AutoSavepoints
{
    /// <summary>
    /// Runs <paramref name="work"/> with EF's automatic savepoints off, for a transaction that a failed save rolls back
    /// whole anyway: a savepoint around each SaveChanges would only add two round trips. They are on again afterwards,
    /// also when the work fails.
    /// </summary>
    public static async Task<T> WithoutAutoSavepoints<T>(this DatabaseFacade database, Func<Task<T>> work)
    {
        database.AutoSavepointsEnabled = false;
        try
        {
            return await work();
        }
        finally
        {
            database.AutoSavepointsEnabled = true;
        }
    }
}
