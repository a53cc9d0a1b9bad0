using MassTransit;
using Sagas.Kafka;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>
/// The broker leading the topic is down when the publisher produces: the rows are released (unclaimed, due again after a
/// backoff) rather than lost, and a sweep delivers them, in order, once the broker is back.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_kafka_refuses_a_record(KafkaFixture kafka)
{
    // One produce gives up after this long, so attempts fail quickly while the broker is down.
    static readonly KafkaOptions QuickFailingProducer = KafkaFixture.Options(produceTimeout: TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task The_rows_are_released_with_a_backoff_and_a_sweep_delivers_them_once_it_is_back()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("outage", leader: KafkaFixture.SpareBroker);
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database), topic, QuickFailingProducer);
        using var failures = new Counted(OutboxMetrics.MeterName, "sagas.outbox.failures");
        var sagaId = NewId.NextGuid();

        kafka.Cluster.TakeBrokerDown(KafkaFixture.SpareBroker);
        try
        {
            await host.Send(sagaId, 1, 2, 3);
            var released = await Eventually.Value(host.Rows, rows => rows.Count == 3 && rows.All(row => row.Attempts == 1), "the refused rows are released");
            Assert.All(released, row =>
            {
                Assert.Equal((null, null), (row.ClaimedBy, row.ClaimedUntil));
                Assert.True(row.NextAttemptAt > row.CreatedAt, $"Row {row.Id} is due again at {row.NextAttemptAt:O}, not after a backoff from {row.CreatedAt:O}");
            });
            Assert.Equal(3, failures.Total);
        }
        finally
        {
            kafka.Cluster.BringBrokerUp(KafkaFixture.SpareBroker);
        }

        await host.SweepUntil(async () => (await host.Rows()).Count == 0, "a sweep delivered the released rows");
        Assert.Equal([1, 2, 3], host.Produced().DistinctBy(record => record.MessageId).Select(record => record.Step));
    }
}
