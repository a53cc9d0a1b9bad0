using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>
/// Watches that a consumer group commits offsets only after what the records below them sent was produced. Until disposed it
/// samples the group's committed offset on partition 0 of a topic and then, in that order, the high watermarks of partition 0
/// of the topics the handlers send to: a sample in which the commit is ahead of the sends is a violation, since the cluster
/// had the commit before it had the records.
/// </summary>
public sealed class CommitWatch : IAsyncDisposable
{
    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    readonly IConsumer<byte[], byte[]> _consumer;
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentQueue<string> _violations = new();
    readonly Task _sampling;
    int _samples;

    /// <param name="sentBelow">How many records each of <paramref name="outputs"/> must hold once every record below an offset finished.</param>
    public CommitWatch(string bootstrapServers, string topic, string groupId, IReadOnlyList<string> outputs, Func<long, long> sentBelow)
    {
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = groupId }).Build();
        _sampling = Task.Run(() => Sample(new TopicPartition(topic, 0), outputs, sentBelow));
    }

    public int Samples => Volatile.Read(ref _samples);

    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>The group's committed offset now (negative: none).</summary>
    public long Committed(string topic) => _consumer.Committed([new TopicPartition(topic, 0)], RequestTimeout).Single().Offset.Value;

    /// <summary>How many records partition 0 of <paramref name="topic"/> holds now.</summary>
    public long Held(string topic) => _consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), RequestTimeout).High.Value;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        finally
        {
            _consumer.Dispose();
            _stop.Dispose();
        }
    }

    void Sample(TopicPartition partition, IReadOnlyList<string> outputs, Func<long, long> sentBelow)
    {
        while (!_stop.IsCancellationRequested)
        {
            var committed = Committed(partition.Topic);
            if (committed > 0)
            {
                var required = sentBelow(committed);
                foreach (var output in outputs)
                {
                    var held = Held(output);
                    if (held < required)
                        _violations.Enqueue($"offset {committed} was committed while {output} held {held} of the {required} records sent below it");
                }
            }

            Interlocked.Increment(ref _samples);
            _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(10));
        }
    }
}
