using Confluent.Kafka;
using Sagas.Kafka.Embedded;

namespace Sagas.Kafka.Tests.Embedded;

/// <summary>The fault-injection helpers other tests rely on, each against its own three-broker cluster.</summary>
public sealed class When_faults_are_injected_into_the_embedded_cluster : IAsyncLifetime
{
    const string Topic = "faults";
    const short ProduceApi = 0;
    EmbeddedKafkaCluster _cluster = null!;

    public Task InitializeAsync()
    {
        _cluster = EmbeddedKafkaCluster.Start(brokers: 3);
        _cluster.CreateTopic(Topic, partitions: 3, replicationFactor: 3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void It_has_one_listener_per_broker() => Assert.Equal(3, _cluster.BootstrapServers.Split(',').Length);

    [Fact]
    public async Task A_pushed_request_error_fails_the_next_request()
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            MessageSendMaxRetries = 0,
        }).Build();
        await producer.ProduceAsync(Topic, new Message<byte[], byte[]> { Value = "warm-up"u8.ToArray() });

        _cluster.PushRequestErrors(ProduceApi, ErrorCode.TopicAuthorizationFailed);
        var failure = await Assert.ThrowsAsync<ProduceException<byte[], byte[]>>(() =>
            producer.ProduceAsync(new TopicPartition(Topic, 0), new Message<byte[], byte[]> { Value = "rejected"u8.ToArray() }));

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
    }

    [Fact]
    public void A_partition_leader_can_be_moved()
    {
        _cluster.SetPartitionLeader(Topic, partition: 0, brokerId: 3);

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _cluster.BootstrapServers }).Build();
        var partition = admin.GetMetadata(Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Single(p => p.PartitionId == 0);
        Assert.Equal(3, partition.Leader);
    }

    [Fact]
    public async Task Operations_on_a_disposed_cluster_are_refused()
    {
        await _cluster.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => _cluster.SetBrokerLatency(1, TimeSpan.FromMilliseconds(10)));
    }
}
