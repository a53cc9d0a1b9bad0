using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_the_dlq_cannot_be_written(KafkaClusterFixture kafka)
{
    const short ProduceApi = 0;

    [Fact]
    public async Task The_record_is_kept_and_dead_lettered_once_the_dlq_accepts_it()
    {
        var topic = KafkaClusterFixture.UniqueTopic("dlq-down");
        var key = Guid.NewGuid();
        var attempts = new AttemptLog();
        var gate = new Gate();
        var log = new ProcessingLog();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.RetryAttempts = 1),
            (context, k) => k.TopicEndpoint(topic, "dlq-down-group", e =>
            {
                e.ConfigureBusConsumer<GatedPoisonConsumer>(context);
                e.ConfigureBusConsumer<NumberedConsumer>(context);
            }),
            services => services.AddSingleton(attempts).AddSingleton(gate).AddSingleton(log).AddSingleton(new BusName("only")),
            x =>
            {
                x.AddConsumer<GatedPoisonConsumer>().ExcludeFromConfigureEndpoints();
                x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints();
            });

        await bus.Producer.ProduceBatch([bus.Producer.Serialize(topic, key, new Poison(key)), bus.Producer.Serialize(topic, key, new Numbered(key, 0))]);
        await Wait.Until(() => attempts.Of(key) == 1, "the poison record reached its consumer");

        // From here on every produce is a dead-letter write, and the next one fails.
        kafka.Cluster.PushRequestErrors(ProduceApi, ErrorCode.TopicAuthorizationFailed);
        gate.Open();
        await Wait.Until(() => log.DistinctCount == 1, "the record after the poison one was consumed", TimeSpan.FromSeconds(60));

        var deadLetters = TopicReader.ReadAll(kafka.Cluster.BootstrapServers, topic + ".dlq", partitions: 4);
        Assert.Equal(RecordKey.Encode(key), Assert.Single(deadLetters).Message.Key);
        Assert.True(attempts.Of(key) > 1, "the poison record was attempted once: its consumer never restarted after the failed dead-letter write");
    }
}
