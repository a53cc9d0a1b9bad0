namespace Sagas.Kafka.Readiness;

/// <summary>
/// Whether one topic endpoint's consumer group has handed this process its partitions. It outlives the consumer, so a
/// consumer restarted after a fatal error starts waiting again on the same entry.
/// </summary>
public sealed class GroupAssignment(string topic, string groupId)
{
    readonly Lock _gate = new();
    int? _partitions;
    string? _problem;

    public string Topic { get; } = topic;

    public string GroupId { get; } = groupId;

    /// <summary>
    /// The partitions this member holds, or null while it waits for the coordinator. Zero is an answer too: the group
    /// has more members than the topic has partitions, and this one has nothing to do until that changes.
    /// </summary>
    public int? Partitions
    {
        get
        {
            lock (_gate)
                return _partitions;
        }
    }

    /// <summary>Why the member waits, when it knows (the topic does not exist, the coordinator refused it).</summary>
    public string? Problem
    {
        get
        {
            lock (_gate)
                return _problem;
        }
    }

    internal void Assigned(int partitions)
    {
        lock (_gate)
        {
            _partitions = partitions;
            _problem = null;
        }
    }

    /// <summary>The eager protocol takes every partition back before it hands out new ones: the member waits again.</summary>
    internal void Waiting()
    {
        lock (_gate)
        {
            _partitions = null;
            _problem = null;
        }
    }

    /// <summary>What the consumer was told while it waits (the topic does not exist, it may not join), for the health check.</summary>
    internal void Refused(string problem)
    {
        lock (_gate)
        {
            if (_partitions is null)
                _problem = problem;
        }
    }
}
