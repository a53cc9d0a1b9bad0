using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sagas.Kafka.Connection;
using Sagas.Kafka.Embedded;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Producing;

/// <summary>
/// The embedded broker does not check an idempotent producer's sequence numbers (librdkafka's mock cluster only does so
/// for transactional producers), so it cannot refuse a request that overtook an earlier one being retried. Our
/// producer configuration must keep a key's records in order there anyway.
/// </summary>
public sealed class When_a_produce_request_is_retried : IAsyncLifetime
{
    const short ProduceApi = 0;
    const string Topic = "retried";
    EmbeddedKafkaCluster _embedded = null!;

    public Task InitializeAsync()
    {
        _embedded = EmbeddedKafkaCluster.Start(brokers: 1);
        _embedded.CreateTopic(Topic, partitions: 1);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _embedded.DisposeAsync();

    [Fact]
    public async Task A_later_record_of_the_same_key_does_not_overtake_it()
    {
        await using var services = new ServiceCollection().AddSingleton(_embedded).BuildServiceProvider();
        var cluster = new KafkaCluster(Options.Create(new KafkaOptions()), NullLogger<KafkaCluster>.Instance, services);
        using var producer = new ProducerBuilder<byte[], byte[]>(cluster.CreateProducerConfig()).Build();
        await producer.ProduceAsync(Topic, Record(0));

        // Responses come back late, so the second request leaves while the first is still out; the first then fails.
        _embedded.SetBrokerLatency(1, TimeSpan.FromMilliseconds(300));
        _embedded.PushRequestErrors(ProduceApi, ErrorCode.NotLeaderForPartition);
        var first = producer.ProduceAsync(Topic, Record(1));
        await Task.Delay(50);
        var later = new[] { producer.ProduceAsync(Topic, Record(2)), producer.ProduceAsync(Topic, Record(3)) };
        await Task.WhenAll([first, .. later]);

        Assert.Equal([0, 1, 2, 3], TopicReader.ReadAll(_embedded.BootstrapServers, Topic, partitions: 1).Select(record => (int)record.Message.Value[0]));
    }

    static Message<byte[], byte[]> Record(byte step) => new() { Key = "one-saga"u8.ToArray(), Value = [step] };
}
