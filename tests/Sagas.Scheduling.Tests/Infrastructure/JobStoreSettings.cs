namespace Sagas.Scheduling.Tests.Infrastructure;

/// <summary>Configuration of a timeout store for a test, as the <c>Scheduling</c> and <c>Persistence</c> sections would hold it.</summary>
public static class JobStoreSettings
{
    public static Dictionary<string, string?> InMemory() => new() { ["Scheduling:Store"] = "InMemory" };

    public static Dictionary<string, string?> Sqlite(string directory) => Persistent("Sqlite", null, "qrtz_", directory);

    /// <summary>PostgreSQL, with tables under a prefix of their own so tests sharing the database do not see each other's timeouts.</summary>
    public static Dictionary<string, string?> Postgres(string connectionString) =>
        Persistent("PostgreSql", connectionString, $"qrtz_{Guid.NewGuid():N}"[..13] + "_", null);

    static Dictionary<string, string?> Persistent(string provider, string? connectionString, string tablePrefix, string? directory) => new()
    {
        ["Scheduling:Store"] = "Persistent",
        ["Scheduling:TablePrefix"] = tablePrefix,
        ["Scheduling:ClusterCheckinInterval"] = "00:00:01",
        ["Scheduling:ClusterCheckinMisfireThreshold"] = "00:00:05",
        ["Persistence:Provider"] = provider,
        ["Persistence:ConnectionString"] = connectionString,
        ["Persistence:DataDirectory"] = directory ?? Path.GetTempPath(),
    };

    /// <summary>Test timings: a one-second poll and misfire threshold, and quick retries.</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string topic, int deliveryAttempts = 3)
    {
        settings["Topics:Orchestrator"] = topic;
        settings["Scheduling:IdleWaitTime"] = "00:00:01";
        settings["Scheduling:MisfireThreshold"] = "00:00:01";
        settings["Scheduling:DeliveryAttempts"] = deliveryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Scheduling:RetryBackoff"] = "00:00:00.200";
        settings["Scheduling:RetryMaxBackoff"] = "00:00:01";
        return settings;
    }
}
