using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

internal static class ConsumerGroupBus
{
    /// <summary>
    /// Starts a bus whose one topic endpoint records <see cref="Messages.Numbered"/> records in a shared log; with
    /// <paramref name="inBatches"/>, a partition's ready records run as batches (<see cref="BatchUnitOfWork.None"/>).
    /// </summary>
    public static Task<TestBus> Start(KafkaClusterFixture kafka, string topic, string group, ProcessingLog log, string name, bool inBatches = false) =>
        TestBus.Start(kafka, kafka.Options(o => o.ConcurrencyLimit = 4),
            (context, k) => k.TopicEndpoint(topic, group, e =>
            {
                e.ConfigureBusConsumer<NumberedConsumer>(context);
                if (inBatches)
                    e.UseBatchUnitOfWork(_ => BatchUnitOfWork.None);
            }),
            services => services.AddSingleton(log).AddSingleton(new BusName(name)),
            x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());
}
