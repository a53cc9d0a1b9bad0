using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Sagas.Kafka;
using Sagas.Scheduling.Jobs;
using Sagas.Scheduling.Tests.Infrastructure;
using Sagas.Scheduling.Tests.Sagas;
using Sagas.Testing;

namespace Sagas.Scheduling.Tests;

/// <summary>
/// A timeout falls due while the broker leading its topic (broker 2) is down: delivery is retried with backoff, and
/// what cannot be delivered in the configured attempts goes to the DLQ, or stays scheduled when the DLQ is down too.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_kafka_is_unavailable(KafkaFixture kafka)
{
    // One attempt waits this long for the cluster before it counts as failed.
    static readonly KafkaOptions QuickFailingProducer = KafkaFixture.Options(produceTimeout: TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task Delivery_is_retried_until_the_broker_is_back()
    {
        var topic = kafka.CreateTopic("outage", leader: KafkaFixture.SpareBroker);
        await using var host = await TimeoutHost.StartScheduler(kafka, JobStoreSettings.InMemory().With(topic, deliveryAttempts: 30), QuickFailingProducer);
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());

        await WhileSpareBrokerIsDown(async () =>
        {
            await Schedule(host, topic, sagaId, tokenId);
            await Eventually.Until(async () => await RetryAttempt(host, tokenId) >= 2, "delivery failed and was retried twice");
        });

        await Eventually.Until(async () => !await host.Scheduler.IsPending(tokenId), "the timeout was delivered after the outage");
        Assert.Contains(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic), record => Key(record) == sagaId);
        Assert.Empty(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic + ".dlq"));
    }

    [Fact]
    public async Task Exhausted_retries_dead_letter_the_timeout()
    {
        var topic = kafka.CreateTopic("exhausted", leader: KafkaFixture.SpareBroker);
        await using var host = await TimeoutHost.StartScheduler(kafka, JobStoreSettings.InMemory().With(topic, deliveryAttempts: 3), QuickFailingProducer);
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());

        await WhileSpareBrokerIsDown(async () =>
        {
            await Schedule(host, topic, sagaId, tokenId);
            await Eventually.Until(async () => !await host.Scheduler.IsPending(tokenId), "the timeout gave up");
        });

        var deadLetter = Assert.Single(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic + ".dlq"));
        Assert.Equal(sagaId, Key(deadLetter));
        Assert.Equal("fault", deadLetter.Header(KafkaHeaders.DeadLetterReason));
        Assert.Equal(topic, deadLetter.Header(KafkaHeaders.DeadLetterSourceTopic));
        Assert.Equal("3", deadLetter.Header(KafkaHeaders.DeadLetterAttempts));
        Assert.DoesNotContain(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic), record => Key(record) == sagaId);
    }

    [Fact]
    public async Task A_timeout_that_cannot_be_dead_lettered_either_is_kept_and_delivered_later()
    {
        var topic = kafka.CreateTopic("kept", leader: KafkaFixture.SpareBroker, deadLetterLeader: KafkaFixture.SpareBroker);
        await using var host = await TimeoutHost.StartScheduler(kafka, JobStoreSettings.InMemory().With(topic, deliveryAttempts: 2), QuickFailingProducer);
        var (sagaId, tokenId) = (NewId.NextGuid(), NewId.NextGuid());

        await WhileSpareBrokerIsDown(async () =>
        {
            await Schedule(host, topic, sagaId, tokenId);
            await Eventually.Until(async () => await Triggers(host, tokenId) is [{ Key.Name: var name }] && name != tokenId.ToString("N"),
                "the job was given a new round of attempts");
        });

        await Eventually.Until(async () => !await host.Scheduler.IsPending(tokenId), "the timeout was delivered after the outage");
        Assert.Contains(TopicRecords.ReadAll(kafka.Cluster.BootstrapServers, topic), record => Key(record) == sagaId);
    }

    async Task WhileSpareBrokerIsDown(Func<Task> during)
    {
        kafka.Cluster.TakeBrokerDown(KafkaFixture.SpareBroker);
        try
        {
            await during();
        }
        finally
        {
            kafka.Cluster.BringBrokerUp(KafkaFixture.SpareBroker);
        }
    }

    static Task Schedule(TimeoutHost host, string topic, Guid sagaId, Guid tokenId) =>
        host.Scheduler.Apply(new ScheduleTimeout(tokenId, DateTimeOffset.UtcNow, host.Producer.Serialize(topic, sagaId, new WaitTimedOut(sagaId))),
            CancellationToken.None);

    static async Task<int> RetryAttempt(TimeoutHost host, Guid tokenId) =>
        await Triggers(host, tokenId) is [var trigger] ? trigger.RetryAttempt : 0;

    static async Task<List<ITrigger>> Triggers(TimeoutHost host, Guid tokenId)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return [.. await scheduler.GetTriggersOfJob(TimeoutJobs.JobKeyOf(tokenId))];
    }

    static Guid Key(Confluent.Kafka.ConsumeResult<byte[], byte[]> record) => Guid.Parse(System.Text.Encoding.UTF8.GetString(record.Message.Key));
}
