using Confluent.Kafka;
using Sagas.Kafka.Connection;

namespace Sagas.Kafka;

/// <summary>
/// Reads dead-letter topics for people: partitions are assigned and read from a given offset, never joined as a group,
/// so nothing is committed and no consumer of the platform notices. Every read is bounded in records and in time
/// (<see cref="ReadBudget"/>); a read that runs out of time returns what it has and where to go on.
/// </summary>
public sealed class DeadLetterReader
{
    /// <summary>How long one read (a page, a record, the topic list) may wait for the cluster.</summary>
    public static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(5);

    /// <summary>One poll's wait, so a cancelled request stops within about this long.</summary>
    static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    readonly KafkaCluster _cluster;

    internal DeadLetterReader(KafkaCluster cluster) => _cluster = cluster;

    public string Suffix => _cluster.Options.DeadLetterSuffix;

    /// <summary>Whether <paramref name="topic"/> is named as a dead-letter topic (the suffix after a topic name).</summary>
    public bool IsDeadLetterTopic(string topic) => topic.Length > Suffix.Length && topic.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>Every dead-letter topic of the cluster with its partitions' offsets, by name.</summary>
    public Task<IReadOnlyList<DeadLetterTopic>> Topics(CancellationToken cancellationToken) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + ReadBudget;
        using var consumer = CreateConsumer();
        return (IReadOnlyList<DeadLetterTopic>)[.. PartitionsByTopic()
            .Where(topic => IsDeadLetterTopic(topic.Key))
            .OrderBy(topic => topic.Key, StringComparer.Ordinal)
            .Select(topic => new DeadLetterTopic(topic.Key, OriginalTopicOf(topic.Key),
                [.. topic.Value.Select(partition => Range(consumer, topic.Key, partition, deadline))]))];
    }, cancellationToken);

    /// <summary>A dead-letter topic's partitions with their offsets, or null when the cluster has no such topic.</summary>
    public Task<DeadLetterTopic?> Topic(string topic, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + ReadBudget;
        if (!PartitionsByTopic().TryGetValue(topic, out var partitions))
            return null;
        using var consumer = CreateConsumer();
        return new DeadLetterTopic(topic, OriginalTopicOf(topic), [.. partitions.Select(partition => Range(consumer, topic, partition, deadline))]);
    }, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> records of <paramref name="topic"/> from <paramref name="from"/> on, partition by partition.</summary>
    public Task<DeadLetterPage> Read(DeadLetterTopic topic, DeadLetterPosition from, int limit, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + ReadBudget;
        using var consumer = CreateConsumer();
        var records = new List<DeadLetterRecord>();
        foreach (var partition in topic.Partitions.Where(partition => partition.Partition >= from.Partition).OrderBy(partition => partition.Partition))
        {
            var start = Math.Max(partition.Partition == from.Partition ? from.Offset : 0, partition.Low);
            var (read, next) = ReadRange(consumer, topic, partition.Partition, start, partition.High, limit - records.Count, deadline, cancellationToken);
            records.AddRange(read);
            if (next < partition.High)
                return new DeadLetterPage(records, new DeadLetterPosition(partition.Partition, next));
        }

        return new DeadLetterPage(records, null);
    }, cancellationToken);

    /// <summary>The records at <paramref name="positions"/>, each found or not (an offset the partition does not hold).</summary>
    public Task<IReadOnlyDictionary<DeadLetterPosition, DeadLetterRecord>> Find(DeadLetterTopic topic, IReadOnlyCollection<DeadLetterPosition> positions,
        CancellationToken cancellationToken) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + ReadBudget;
        using var consumer = CreateConsumer();
        var found = new Dictionary<DeadLetterPosition, DeadLetterRecord>();
        foreach (var position in positions.Distinct())
        {
            if (topic.Partitions.FirstOrDefault(partition => partition.Partition == position.Partition) is not { } partition
                || position.Offset < partition.Low || position.Offset >= partition.High)
                continue;
            var (read, _) = ReadRange(consumer, topic, position.Partition, position.Offset, position.Offset + 1, 1, deadline, cancellationToken);
            if (read is [{ } record] && record.Offset == position.Offset)
                found[position] = record;
        }

        return (IReadOnlyDictionary<DeadLetterPosition, DeadLetterRecord>)found;
    }, cancellationToken);

    string OriginalTopicOf(string deadLetterTopic) => deadLetterTopic[..^Suffix.Length];

    Dictionary<string, int[]> PartitionsByTopic()
    {
        // All topics, never one by name: asking the metadata of a missing topic may create it on a broker that auto-creates.
        using var admin = new AdminClientBuilder(_cluster.CreateAdminConfig()).Build();
        return admin.GetMetadata(ReadBudget).Topics
            .Where(topic => topic.Error.Code == ErrorCode.NoError)
            .ToDictionary(topic => topic.Topic, topic => topic.Partitions.Select(partition => partition.PartitionId).Order().ToArray(), StringComparer.Ordinal);
    }

    static DeadLetterPartition Range(IConsumer<byte[], byte[]> consumer, string topic, int partition, DateTime deadline)
    {
        var offsets = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), Remaining(deadline));
        return new DeadLetterPartition(partition, offsets.Low.Value, offsets.High.Value);
    }

    (List<DeadLetterRecord> Records, long Next) ReadRange(IConsumer<byte[], byte[]> consumer, DeadLetterTopic topic, int partition, long from,
        long to, int limit, DateTime deadline, CancellationToken cancellationToken)
    {
        var records = new List<DeadLetterRecord>();
        var next = from;
        consumer.Assign(new TopicPartitionOffset(topic.Topic, partition, from));
        while (next < to && records.Count < limit && DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (consumer.Consume(PollSlice) is not { IsPartitionEOF: false } result)
                continue;
            if (result.Offset.Value >= to)
                break;
            records.Add(ToRecord(result, topic.OriginalTopic));
            next = result.Offset.Value + 1;
        }

        consumer.Unassign();
        return (records, next);
    }

    static DeadLetterRecord ToRecord(ConsumeResult<byte[], byte[]> result, string fallbackOriginalTopic)
    {
        var headers = (result.Message.Headers ?? []).Select(header => KeyValuePair.Create(header.Key, header.GetValueBytes())).ToList();
        var record = new DeadLetterRecord(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Timestamp.UtcDateTime,
            result.Message.Key, result.Message.Value, headers, fallbackOriginalTopic);
        return record.Header(KafkaHeaders.DeadLetterSourceTopic) is { Length: > 0 } original ? record with { OriginalTopic = original } : record;
    }

    static TimeSpan Remaining(DateTime deadline) => deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);

    /// <summary>A consumer that is only ever assigned partitions: it joins no group and commits nothing.</summary>
    IConsumer<byte[], byte[]> CreateConsumer()
    {
        var config = _cluster.CreateConsumerConfig("sagas-dead-letter-reader");
        config.EnableAutoOffsetStore = false;
        config.EnablePartitionEof = false;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        return new ConsumerBuilder<byte[], byte[]>(config).Build();
    }
}
