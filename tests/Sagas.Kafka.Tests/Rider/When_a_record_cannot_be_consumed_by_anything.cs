using System.Text;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_a_record_cannot_be_consumed_by_anything(KafkaClusterFixture kafka)
{
    static readonly Scenario<Outcome> Rejected = new();

    Task<Outcome> Run() => Rejected.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("unreadable");
        var key = Guid.NewGuid();
        var attempts = new AttemptLog();
        var log = new ProcessingLog();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.RetryAttempts = 3),
            (context, k) => k.TopicEndpoint(topic, "unreadable-group", e => e.ConfigureBusConsumer<NumberedConsumer>(context)),
            services => services.AddSingleton(attempts).AddSingleton(log).AddSingleton(new BusName("only")),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());

        await ProduceGarbage(topic, key);
        await bus.Producer.ProduceBatch([
            bus.Producer.Serialize(topic, key, new Unhandled(key)),
            bus.Producer.Serialize(topic, key, new Numbered(key, 0)),
        ]);
        await Wait.Until(() => log.DistinctCount == 1, "the readable record after them was consumed");

        var deadLetters = TopicReader.ReadAll(kafka.Cluster.BootstrapServers, topic + ".dlq", partitions: 4);
        return new Outcome(deadLetters.OrderBy(r => r.Offset.Value).ToList());
    });

    [Fact]
    public async Task Garbage_bytes_go_straight_to_the_dlq_as_a_fault()
    {
        var garbage = (await Run()).DeadLetters.Single(r => r.Header(KafkaHeaders.DeadLetterReason) == "fault");
        Assert.Equal("not json at all"u8.ToArray(), garbage.Message.Value);
        Assert.Equal("1", garbage.Header(KafkaHeaders.DeadLetterAttempts));
        Assert.NotNull(garbage.Header(KafkaHeaders.DeadLetterExceptionType));
    }

    [Fact]
    public async Task A_message_type_nothing_consumes_goes_to_the_dlq_as_skipped()
    {
        var unhandled = (await Run()).DeadLetters.Single(r => r.Header(KafkaHeaders.DeadLetterReason) == "skipped");
        Assert.Contains("Unhandled", unhandled.Header(KafkaHeaders.MessageType));
    }

    [Fact]
    public async Task Each_goes_to_the_dlq_exactly_once() => Assert.Equal(2, (await Run()).DeadLetters.Count);

    async Task ProduceGarbage(string topic, Guid key)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = kafka.Cluster.BootstrapServers }).Build();
        var headers = new Confluent.Kafka.Headers { { KafkaHeaders.ContentType, Encoding.UTF8.GetBytes("application/vnd.masstransit+json") } };
        await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = RecordKey.Encode(key), Value = "not json at all"u8.ToArray(), Headers = headers });
    }

    public sealed record Outcome(List<ConsumeResult<byte[], byte[]>> DeadLetters);
}
