using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

internal static class ConsumerGroupBus
{
    /// <summary>Starts a bus whose one topic endpoint records <see cref="Messages.Numbered"/> records in a shared log.</summary>
    public static Task<TestBus> Start(KafkaClusterFixture kafka, string topic, string group, ProcessingLog log, string name) =>
        TestBus.Start(kafka, kafka.Options(o => o.ConcurrencyLimit = 4),
            (context, k) => k.TopicEndpoint(topic, group, e => e.ConfigureBusConsumer<NumberedConsumer>(context)),
            services => services.AddSingleton(log).AddSingleton(new BusName(name)),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());
}
