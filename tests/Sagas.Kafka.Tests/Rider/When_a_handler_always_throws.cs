using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_a_handler_always_throws(KafkaClusterFixture kafka)
{
    const int Attempts = 3;
    static readonly Scenario<Outcome> Failed = new();

    Task<Outcome> Run() => Failed.Outcome(async () =>
    {
        var topic = KafkaClusterFixture.UniqueTopic("poison");
        var key = Guid.NewGuid();
        var attempts = new AttemptLog();
        var log = new ProcessingLog();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.RetryAttempts = Attempts),
            (context, k) => k.TopicEndpoint(topic, "poison-group", e =>
            {
                e.ConfigureBusConsumer<PoisonConsumer>(context);
                e.ConfigureBusConsumer<NumberedConsumer>(context);
            }),
            services => services.AddSingleton(attempts).AddSingleton(log).AddSingleton(new BusName("only")),
            x =>
            {
                x.AddConsumer<PoisonConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints();
            });

        var poison = bus.Producer.Serialize(topic, key, new Poison(key));
        await bus.Producer.ProduceBatch([poison, bus.Producer.Serialize(topic, key, new Numbered(key, 0))]);
        await Wait.Until(() => log.DistinctCount == 1, "the record after the poison one was consumed");

        var deadLetters = TopicReader.Read(kafka.Cluster.BootstrapServers, topic + ".dlq", 1);
        return new Outcome(topic, key, poison, attempts.Of(key), deadLetters.Single());
    });

    [Fact]
    public async Task The_record_goes_to_the_dlq_with_its_original_key_value_and_headers()
    {
        var outcome = await Run();
        Assert.Equal(RecordKey.Encode(outcome.Key), outcome.DeadLetter.Message.Key);
        Assert.Equal(outcome.Original.Value, outcome.DeadLetter.Message.Value);
        foreach (var (name, value) in outcome.Original.Headers)
            Assert.Equal(value, outcome.DeadLetter.Header(name));
    }

    [Fact]
    public async Task The_dlq_record_carries_the_error_and_where_it_came_from()
    {
        var outcome = await Run();
        var record = outcome.DeadLetter;
        Assert.Equal("fault", record.Header(KafkaHeaders.DeadLetterReason));
        Assert.Equal(typeof(InvalidOperationException).FullName, record.Header(KafkaHeaders.DeadLetterExceptionType));
        Assert.Equal($"poison {outcome.Key}", record.Header(KafkaHeaders.DeadLetterExceptionMessage));
        Assert.Equal(outcome.Topic, record.Header(KafkaHeaders.DeadLetterSourceTopic));
        Assert.Equal("poison-group", record.Header(KafkaHeaders.DeadLetterConsumerGroup));
        Assert.NotNull(record.Header(KafkaHeaders.DeadLetterSourcePartition));
        Assert.Equal("0", record.Header(KafkaHeaders.DeadLetterSourceOffset));
    }

    [Fact]
    public async Task It_is_attempted_the_configured_number_of_times_first()
    {
        var outcome = await Run();
        Assert.Equal(Attempts, outcome.HandlerCalls);
        Assert.Equal(Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.DeadLetter.Header(KafkaHeaders.DeadLetterAttempts));
    }

    public sealed record Outcome(string Topic, Guid Key, KafkaRecord Original, int HandlerCalls, ConsumeResult<byte[], byte[]> DeadLetter);
}
