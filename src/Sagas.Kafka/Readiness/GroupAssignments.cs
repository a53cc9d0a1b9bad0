using System.Collections.Concurrent;

namespace Sagas.Kafka.Readiness;

/// <summary>Every consumer group this process's rider joins, in the order its endpoints were configured.</summary>
public sealed class GroupAssignments
{
    readonly ConcurrentQueue<GroupAssignment> _groups = new();

    /// <summary>False until the bus has configured the rider's topic endpoints.</summary>
    public bool Configured { get; private set; }

    public IReadOnlyList<GroupAssignment> Groups => [.. _groups];

    internal void Track(GroupAssignment assignment) => _groups.Enqueue(assignment);

    internal void ConfigurationDone() => Configured = true;
}
