using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sagas.Kafka.Readiness;

/// <summary>
/// Ready once every consumer group of this process has given it its partitions (or confirmed it has none to give).
/// Until then the host would accept work whose replies nobody consumes. Registered as <c>kafka-groups</c> with the
/// tags <c>ready</c> and <see cref="StartupOnlyTag"/>: after the host was ready once, a rebalance is not an outage.
/// </summary>
public sealed class ConsumerGroupsHealthCheck(GroupAssignments assignments) : IHealthCheck
{
    public const string Name = "kafka-groups";

    /// <summary>Marks a check whose failure keeps a host from becoming ready, but only degrades one that was ready.</summary>
    public const string StartupOnlyTag = "startup";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!assignments.Configured)
            return Task.FromResult(HealthCheckResult.Unhealthy("The Kafka rider has not configured its topic endpoints yet"));

        var groups = assignments.Groups;
        var data = new Dictionary<string, object>();
        foreach (var group in groups)
            data.TryAdd(data.ContainsKey(group.GroupId) ? $"{group.GroupId} ({group.Topic})" : group.GroupId, Describe(group));
        var waiting = groups.Where(group => group.Partitions is null).Select(group => group.GroupId).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"{groups.Count} consumer group(s) assigned", data)
            : HealthCheckResult.Unhealthy($"Waiting for partitions: {string.Join(", ", waiting)}", data: data));
    }

    static string Describe(GroupAssignment group) => group.Partitions is { } count
        ? $"{count} partition(s) of {group.Topic}"
        : $"waiting for partitions of {group.Topic}{(group.Problem is { } problem ? $": {problem}" : "")}";
}
