using System.Text;
using Confluent.Kafka;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka;
using Sagas.Kafka.Embedded;

namespace Sagas.Orchestrator.Tests.Api;

/// <summary>
/// The standalone host on an embedded Kafka cluster the test holds too, so it can put poison on a topic and read what
/// arrives there. One delivery attempt per record, so poison reaches its dead-letter topic at once.
/// </summary>
public sealed class DeadLetterApiFactory() : ApiFactory(new Dictionary<string, string?> { ["Kafka:RetryAttempts"] = "1" })
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public EmbeddedKafkaCluster Cluster { get; } = EmbeddedKafkaCluster.Start();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton(Cluster));
    }

    /// <summary>Produces bytes no consumer can read to <paramref name="topic"/>, keyed by a saga id and carrying a trace context.</summary>
    public async Task<TopicPartitionOffset> ProducePoison(string topic, Guid key, string traceParent)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = Cluster.BootstrapServers }).Build();
        var result = await producer.ProduceAsync(topic, new Message<byte[], byte[]>
        {
            Key = RecordKey.Encode(key),
            Value = [0xff, 0x00, 0x13, 0x37],
            Headers = new Headers { { KafkaHeaders.TraceParent, Encoding.UTF8.GetBytes(traceParent) } },
        });
        return result.TopicPartitionOffset;
    }

    /// <summary>Every record of <paramref name="topic"/> with the key, read by assignment from the beginning.</summary>
    public List<Message<byte[], byte[]>> RecordsWithKey(string topic, Guid key)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Cluster.BootstrapServers }).Build();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers, GroupId = $"test-{Guid.NewGuid():N}", EnableAutoCommit = false, FetchWaitMaxMs = 10,
        }).Build();
        var found = new List<Message<byte[], byte[]>>();
        foreach (var partition in admin.GetMetadata(topic, Timeout).Topics.Single().Partitions)
        {
            var topicPartition = new TopicPartition(topic, partition.PartitionId);
            var high = consumer.QueryWatermarkOffsets(topicPartition, Timeout).High.Value;
            consumer.Assign(new TopicPartitionOffset(topicPartition, Offset.Beginning));
            var deadline = DateTime.UtcNow + Timeout;
            for (long next = 0; next < high && DateTime.UtcNow < deadline;)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not { } result)
                    continue;
                next = result.Offset.Value + 1;
                if (RecordKey.TryDecode(result.Message.Key) == key)
                    found.Add(result.Message);
            }
        }

        return found;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
