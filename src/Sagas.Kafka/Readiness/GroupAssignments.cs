using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Diagnostics;

namespace Sagas.Kafka.Readiness;

/// <summary>
/// Every consumer group this process's rider joins, in the order its endpoints were configured. Also reported as the
/// gauge <c>sagas.kafka.consumer.group.waiting</c> (1 while a group waits for its partitions, per group), so a rebalance
/// after start-up shows in the metrics as well as in the health JSON.
/// </summary>
public sealed class GroupAssignments
{
    readonly ConcurrentQueue<GroupAssignment> _groups = new();

    public GroupAssignments(IServiceProvider services)
    {
        // The host's meter factory hands back its Sagas.Kafka meter, so the gauge sits beside the rider's other instruments.
        var meter = services.GetService<IMeterFactory>()?.Create(KafkaInstrumentation.Name);
        meter?.CreateObservableGauge("sagas.kafka.consumer.group.waiting", Observe, "{group}",
            "1 while the consumer group waits for its partitions (joining or rebalancing), else 0; per topic and group.");
    }

    /// <summary>False until the bus has configured the rider's topic endpoints.</summary>
    public bool Configured { get; private set; }

    public IReadOnlyList<GroupAssignment> Groups => [.. _groups];

    internal void Track(GroupAssignment assignment) => _groups.Enqueue(assignment);

    internal void ConfigurationDone() => Configured = true;

    IEnumerable<Measurement<long>> Observe() => _groups.Select(group => new Measurement<long>(group.Partitions is null ? 1 : 0,
        new KeyValuePair<string, object?>("messaging.destination.name", group.Topic),
        new KeyValuePair<string, object?>("messaging.consumer.group.name", group.GroupId)));
}
