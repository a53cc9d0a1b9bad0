using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Quartz;
using Sagas.Persistence;

namespace Sagas.Scheduling;

/// <summary>Chooses and configures Quartz's job store from <see cref="SchedulingOptions"/> and the orchestrator's <see cref="PersistenceOptions"/>.</summary>
internal static class TimeoutJobStores
{
    public static void Configure(IQuartzBuilder quartz, SchedulingOptions options, IConfiguration configuration)
    {
        if (options.Store == TimeoutStore.InMemory)
        {
            quartz.UseInMemoryStore(store => store.MisfireThreshold = options.MisfireThreshold);
            return;
        }

        var persistence = configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        var connectionString = configuration.GetConnectionString(options.Database) ?? persistence.ConnectionString;
        quartz.UsePersistentStore(store =>
        {
            switch (persistence.Provider)
            {
                case DatabaseProvider.Sqlite:
                    store.UseSqlite(SqliteFactory.Instance, SqliteConnectionString(persistence, options));
                    break;
                case DatabaseProvider.PostgreSql:
                    store.UsePostgres(NpgsqlFactory.Instance, Require(connectionString, options));
                    break;
                case DatabaseProvider.SqlServer:
                    store.UseSqlServer(SqlClientFactory.Instance, Require(connectionString, options));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(configuration), persistence.Provider, "Unknown database provider.");
            }

            // Creates the Quartz tables at start-up when missing, on all three providers; never alters or drops.
            store.ProvisionSchema();
            store.ConfigureStore(adoStore =>
            {
                adoStore.TablePrefix = options.TablePrefix;
                adoStore.StoreJobDataAsStrings = true;
                adoStore.MisfireThreshold = options.MisfireThreshold;
                // A delivery cut short by shutdown runs again on the next start (or another node) instead of being lost.
                adoStore.RecoverFiringsCancelledByShutdown = true;
            });
            // Quartz refuses to cluster on SQLite (its locking cannot support it): a SQLite store has one scheduler node.
            if (options.Clustered && persistence.Provider != DatabaseProvider.Sqlite)
            {
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.ClusterCheckinInterval;
                    cluster.CheckinMisfireThreshold = options.ClusterCheckinMisfireThreshold;
                });
            }
        });
    }

    static string SqliteConnectionString(PersistenceOptions persistence, SchedulingOptions options)
    {
        Directory.CreateDirectory(persistence.DataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(persistence.DataDirectory, options.SqliteFile),
            DefaultTimeout = (int)persistence.SqliteBusyTimeout.TotalSeconds,
        }.ToString();
    }

    static string Require(string? connectionString, SchedulingOptions options) =>
        connectionString ?? throw new InvalidOperationException(
            $"No connection string for the timeout store: set Persistence:ConnectionString or ConnectionStrings:{options.Database}.");
}
