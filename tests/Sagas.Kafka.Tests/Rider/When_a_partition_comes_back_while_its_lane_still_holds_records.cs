using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Batches;
using Sagas.Kafka.Tests.Infrastructure;

namespace Sagas.Kafka.Tests.Rider;

/// <summary>
/// Records queue in a partition's lane behind a held one when the group rebalances (another member joins for another
/// topic); the held record outlasts the drain, so the partition is let go with the records still queued, and comes straight
/// back to the same member, which fetches them again from the last commit. They must run once the hold ends.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_partition_comes_back_while_its_lane_still_holds_records(KafkaClusterFixture kafka)
{
    [Fact]
    public async Task The_records_fetched_again_run_in_order()
    {
        await using var bus = await WorkBus.Start(kafka, "returning", unitOfWork: false, o => o.DrainTimeout = TimeSpan.FromSeconds(1));
        TestBus? joiner = null;
        try
        {
            await bus.QueueBehindHold(await bus.Work(1, 3), beforeRelease: async () =>
            {
                joiner = await TestBus.Start(kafka, kafka.Options(),
                    (context, k) => k.TopicEndpoint(KafkaClusterFixture.UniqueTopic("elsewhere"), bus.Group, e => e.ConfigureBusConsumer<NumberedConsumer>(context)),
                    services => services.AddSingleton(new ProcessingLog()).AddSingleton(new BusName("joiner")),
                    x => x.AddConsumer<NumberedConsumer>().ExcludeFromConfigureEndpoints());

                // The joiner is in once the rebalance ended; the partition is back, and fetched again, moments later.
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            });

            await Wait.Until(() => bus.Ledger.Entries.Count == 3, "the records fetched again ran");
            Assert.Equal([1, 2, 3], bus.Ledger.Entries);
        }
        finally
        {
            if (joiner is not null)
                await joiner.DisposeAsync();
        }
    }
}
