using System.Text;
using Confluent.Kafka;
using Sagas.Kafka;
using Sagas.Kafka.Embedded;
using Sagas.Messaging;
using Sagas.Testing;
using Xunit.Abstractions;

namespace Sagas.Bench.Tests.Faults;

/// <summary>
/// The fault suite's poison scenario: under a load of transfers, records no handler can ever take land on every topic the
/// platform consumes. Each goes to its topic's dead-letter topic once, and the rest flows: every saga ends as planned and
/// the bank invariants hold.
/// </summary>
public class When_poison_records_arrive_under_load(ITestOutputHelper output)
{
    /// <summary>
    /// What arrives: bytes that are not JSON, JSON that is not an envelope, an envelope of a type nothing consumes, an
    /// empty value and no value at all.
    /// </summary>
    static readonly IReadOnlyList<(string Kind, byte[]? Value)> Poison =
    [
        ("garbage bytes", [0xff, 0x00, 0x13, 0x37]),
        ("JSON that is not an envelope", "{\"hello\":\"world\"}"u8.ToArray()),
        ("a message type nothing consumes",
            "{\"messageId\":\"0b5e0000-0000-0000-0000-000000000001\",\"messageType\":[\"urn:message:Nowhere:Unknown\"],\"message\":{}}"u8.ToArray()),
        ("an empty value", []),
        ("no value", null),
    ];

    [Fact]
    public async Task Each_poison_record_lands_once_in_its_topics_dlq_and_every_saga_ends_as_planned()
    {
        var sagas = LongRuns.Pick(ci: 60, @long: 600);
        var topics = new TopicOptions().Consumed().ToList();
        await using var cluster = EmbeddedKafkaCluster.Start();
        var options = FaultScenario.Options(sagas, new Dictionary<string, string>());

        var outcome = await FaultScenario.Run($"{Poison.Count} poison records on each of {topics.Count} topics", options, cluster,
            injectAfterAccepted: sagas / 4, TimeSpan.Zero, () => ProducePoison(cluster.BootstrapServers, topics), () => Task.CompletedTask, output);

        Assert.Equal(outcome.Run.Started, outcome.Run.Terminal);
        FaultScenario.AssertHeld(outcome.Run.Invariants);
        var suffix = new KafkaOptions().DeadLetterSuffix;
        var expected = topics.ToDictionary(topic => topic + suffix, _ => (long)Poison.Count);
        Assert.Equal(expected.OrderBy(topic => topic.Key), outcome.DeadLetters.Where(topic => topic.Value > 0).OrderBy(topic => topic.Key));
    }

    static async Task ProducePoison(string bootstrapServers, IEnumerable<string> topics)
    {
        using var producer = new ProducerBuilder<byte[], byte[]?>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        foreach (var topic in topics)
        {
            foreach (var (_, value) in Poison)
            {
                await producer.ProduceAsync(topic, new Message<byte[], byte[]?>
                {
                    Key = RecordKey.Encode(Guid.NewGuid()),
                    Value = value,
                    Headers = new Headers { { KafkaHeaders.ContentType, Encoding.UTF8.GetBytes("application/vnd.masstransit+json") } },
                });
            }
        }
    }
}
