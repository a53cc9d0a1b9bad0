using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Quartz;
using Sagas.Persistence;

namespace Sagas.Scheduling;

/// <summary>Configures Quartz's job store from <see cref="SchedulingOptions"/> and, when persistent, the <see cref="TimeoutStoreDatabase"/>.</summary>
internal static class TimeoutJobStores
{
    public static void UseInMemory(IQuartzBuilder quartz, SchedulingOptions options) =>
        quartz.UseInMemoryStore(store => store.MisfireThreshold = options.MisfireThreshold);

    public static void UsePersistent(IQuartzBuilder quartz, SchedulingOptions options, TimeoutStoreDatabase database) =>
        quartz.UsePersistentStore(store =>
        {
            switch (database.Provider)
            {
                case DatabaseProvider.Sqlite:
                    store.UseSqlite(SqliteFactory.Instance, database.ConnectionString);
                    break;
                case DatabaseProvider.PostgreSql:
                    store.UsePostgres(NpgsqlFactory.Instance, database.ConnectionString);
                    break;
                case DatabaseProvider.SqlServer:
                    store.UseSqlServer(SqlClientFactory.Instance, database.ConnectionString);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "Unknown database provider.");
            }

            store.ConfigureStore(adoStore =>
            {
                adoStore.TablePrefix = database.QualifiedTablePrefix;
                // The tables are our versioned schema's (Schema/TimeoutStoreDbContext), applied once under the schema
                // lock at start-up or by the migrate command; Quartz only checks they are there, creating nothing.
                adoStore.SchemaProvisioning = SchemaProvisioning.Validate;
                adoStore.StoreJobDataAsStrings = true;
                adoStore.MisfireThreshold = options.MisfireThreshold;
                adoStore.DbRetryInterval = options.StoreRetryInterval;
            });
            // Quartz refuses to cluster on SQLite (its locking cannot support it): a SQLite store has one scheduler node.
            if (options.Clustered && database.Provider != DatabaseProvider.Sqlite)
            {
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.ClusterCheckinInterval;
                    cluster.CheckinMisfireThreshold = options.ClusterCheckinMisfireThreshold;
                });
            }
        });
}
