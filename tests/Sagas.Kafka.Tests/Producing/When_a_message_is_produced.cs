using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Producing;

[Collection(KafkaCollection.Name)]
public sealed class When_a_message_is_produced(KafkaClusterFixture kafka)
{
    static readonly Scenario<Outcome> Produced = new();

    Task<Outcome> Run() => Produced.Outcome(async () =>
    {
        var pings = KafkaClusterFixture.UniqueTopic("pings");
        var pongs = KafkaClusterFixture.UniqueTopic("pongs");
        var key = Guid.NewGuid();
        using var listener = ListenToMassTransitActivities();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.Topics.Add(pongs)),
            (context, k) => k.TopicEndpoint(pings, "echo-group", e => e.ConfigureBusConsumer<EchoConsumer>(context)),
            bus: x => x.AddConsumer<EchoConsumer>().ExcludeFromConfigureEndpoints());

        using var activity = new Activity("test-produce").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "sagas=test";
        await bus.Producer.Produce(pings, key, new Ping(key, pongs));
        activity.Stop();

        var ping = TopicReader.Read(kafka.Cluster.BootstrapServers, pings, 1).Single();
        var pong = TopicReader.Read(kafka.Cluster.BootstrapServers, pongs, 1).Single();
        return new Outcome(key, activity.Id!, ping, pong);
    });

    [Fact]
    public async Task The_record_is_keyed_by_the_saga_id()
    {
        var outcome = await Run();
        Assert.Equal(outcome.Key.ToString(), System.Text.Encoding.UTF8.GetString(outcome.Ping.Message.Key));
        Assert.Equal(outcome.Key.ToString(), outcome.Ping.Header(KafkaHeaders.CorrelationId));
    }

    [Fact]
    public async Task It_carries_message_id_conversation_id_type_and_content_type()
    {
        var ping = (await Run()).Ping;
        Assert.True(Guid.TryParse(ping.Header(KafkaHeaders.MessageId), out _));
        Assert.True(Guid.TryParse(ping.Header(KafkaHeaders.ConversationId), out _));
        Assert.Contains("urn:message:Sagas.Kafka.Tests.Messages:Ping", ping.Header(KafkaHeaders.MessageType));
        Assert.Equal("application/vnd.masstransit+json", ping.Header(KafkaHeaders.ContentType));
    }

    [Fact]
    public async Task The_value_is_a_masstransit_envelope_with_the_same_ids()
    {
        var ping = (await Run()).Ping;
        using var envelope = JsonDocument.Parse(ping.Message.Value);
        Assert.Equal(ping.Header(KafkaHeaders.MessageId), envelope.RootElement.GetProperty("messageId").GetString());
        Assert.Equal(ping.Header(KafkaHeaders.ConversationId), envelope.RootElement.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task It_carries_the_current_trace_context()
    {
        var outcome = await Run();
        Assert.Equal(outcome.TraceParent, outcome.Ping.Header(KafkaHeaders.TraceParent));
        Assert.Equal("sagas=test", outcome.Ping.Header(KafkaHeaders.TraceState));
    }

    [Fact]
    public async Task A_message_produced_by_a_consumer_continues_the_conversation_of_its_cause()
    {
        var outcome = await Run();
        Assert.Equal(outcome.Ping.Header(KafkaHeaders.ConversationId), outcome.Pong.Header(KafkaHeaders.ConversationId));
        Assert.NotEqual(outcome.Ping.Header(KafkaHeaders.MessageId), outcome.Pong.Header(KafkaHeaders.MessageId));
    }

    [Fact]
    public async Task A_message_produced_by_a_consumer_stays_in_the_trace_of_its_cause()
    {
        var outcome = await Run();
        Assert.Equal(TraceId(outcome.Ping.Header(KafkaHeaders.TraceParent)), TraceId(outcome.Pong.Header(KafkaHeaders.TraceParent)));
    }

    static string? TraceId(string? traceParent) => traceParent?.Split('-')[1];

    /// <summary>MassTransit creates its consume activities only when someone listens, as OpenTelemetry does in the hosts.</summary>
    static ActivityListener ListenToMassTransitActivities()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("MassTransit", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    public sealed record Outcome(Guid Key, string TraceParent, ConsumeResult<byte[], byte[]> Ping, ConsumeResult<byte[], byte[]> Pong);
}
