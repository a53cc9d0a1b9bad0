using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Rider;

[Collection(KafkaCollection.Name)]
public sealed class When_an_endpoint_configures_its_own_retry(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task Its_policy_replaces_the_default_instead_of_multiplying_it()
    {
        var topic = KafkaClusterFixture.UniqueTopic("own-retry");
        var key = Guid.NewGuid();
        var attempts = new AttemptLog();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.RetryAttempts = 5),
            (context, k) => k.TopicEndpoint(topic, "own-retry-group", e =>
            {
                e.ConfigureBusConsumer<PoisonConsumer>(context);
                e.UseMessageRetry(r => r.Immediate(1));
            }),
            services => services.AddSingleton(attempts),
            x => x.AddConsumer<PoisonConsumer>().ExcludeFromConfigureEndpoints());

        await bus.Producer.Produce(topic, key, new Poison(key));
        var deadLetter = TopicReader.Read(kafka.Cluster.BootstrapServers, topic + ".dlq", 1).Single();

        Assert.Equal(2, attempts.Of(key));
        Assert.Equal("2", deadLetter.Header(KafkaHeaders.DeadLetterAttempts));
    }
}
