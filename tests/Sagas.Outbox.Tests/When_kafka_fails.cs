using MassTransit;
using Sagas.Kafka;
using Sagas.Outbox.Tests.Support;
using Sagas.Testing;

namespace Sagas.Outbox.Tests;

/// <summary>The broker leading the topic is down: rows stay, are retried with backoff, and go out once it is back.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_kafka_fails(KafkaFixture kafka)
{
    // One produce gives up after this long, so attempts fail quickly while the broker is down.
    static readonly KafkaOptions QuickFailingProducer = KafkaFixture.Options(produceTimeout: TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task Rows_stay_until_the_broker_is_back_and_are_then_produced_in_order()
    {
        await using var database = TestDatabase.Sqlite();
        var topic = kafka.CreateTopic("outage", leader: KafkaFixture.SpareBroker);
        await using var host = await OutboxHost.Start(kafka, OutboxHost.Settings(database, topic), QuickFailingProducer);
        var sagaId = NewId.NextGuid();

        kafka.Cluster.TakeBrokerDown(KafkaFixture.SpareBroker);
        try
        {
            await host.Send(sagaId, 1, 2, 3);
            var failing = await Eventually.Value(host.Rows, rows => rows.Count == 3 && rows[0].Attempts >= 2, "delivery failed twice");
            Assert.All(failing, row => Assert.Null(row.DeliveredAt));
        }
        finally
        {
            kafka.Cluster.BringBrokerUp(KafkaFixture.SpareBroker);
        }

        await host.AllDelivered(3);
        var records = TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic);
        Assert.Equal([1, 2, 3], records.DistinctBy(record => record.MessageId).Select(record => record.Step));
    }
}
