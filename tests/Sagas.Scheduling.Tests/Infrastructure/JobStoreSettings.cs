using System.Globalization;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>
/// Configuration of a test host, as the <c>Scheduling</c>, <c>Persistence</c> and <c>Outbox</c> sections would hold it:
/// where the service database and the timeout store are, and test timings.
/// </summary>
public static class JobStoreSettings
{
    /// <summary>Quartz in memory; the service database a SQLite file in <paramref name="directory"/>.</summary>
    public static Dictionary<string, string?> InMemory(string directory)
    {
        var settings = Database("Sqlite", null, directory);
        settings["Scheduling:Store"] = "InMemory";
        return settings;
    }

    /// <summary>Quartz's persistent store and the service database as SQLite files in <paramref name="directory"/>.</summary>
    public static Dictionary<string, string?> Sqlite(string directory) => Persistent(Database("Sqlite", null, directory));

    /// <summary>Quartz's persistent store, clustered, and the service database in one PostgreSQL database of the test's own.</summary>
    public static Dictionary<string, string?> Postgres(PostgresDatabase database) =>
        Persistent(Database("PostgreSql", database.ConnectionString, Path.GetTempPath()));

    /// <summary>
    /// Test timings: a sweep every 100 ms, a one-second Quartz poll and misfire threshold, quick cluster check-ins and
    /// outbox retries; each host a process name of its own (no relay id).
    /// </summary>
    public static Dictionary<string, string?> Quick(this Dictionary<string, string?> settings, TimeSpan? sweepInterval = null)
    {
        settings["Scheduling:SweepInterval"] = (sweepInterval ?? TimeSpan.FromMilliseconds(100)).ToString("c", CultureInfo.InvariantCulture);
        settings["Scheduling:IdleWaitTime"] = "00:00:01";
        settings["Scheduling:MisfireThreshold"] = "00:00:01";
        settings["Scheduling:ClusterCheckinInterval"] = "00:00:01";
        settings["Scheduling:ClusterCheckinMisfireThreshold"] = "00:00:05";
        settings["Outbox:RetryBackoff"] = "00:00:00.100";
        settings["Outbox:RetryMaxBackoff"] = "00:00:00.500";
        return settings;
    }

    static Dictionary<string, string?> Database(string provider, string? connectionString, string directory) => new()
    {
        ["Persistence:Provider"] = provider,
        ["Persistence:ConnectionString"] = connectionString,
        ["Persistence:DataDirectory"] = directory,
    };

    static Dictionary<string, string?> Persistent(Dictionary<string, string?> settings)
    {
        settings["Scheduling:Store"] = "Persistent";
        return settings;
    }
}
