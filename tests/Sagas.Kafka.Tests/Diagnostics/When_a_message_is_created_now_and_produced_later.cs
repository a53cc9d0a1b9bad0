using System.Diagnostics;
using Confluent.Kafka;
using MassTransit;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Diagnostics;

/// <summary>
/// The outbox case: a message is serialized inside one span (a saga transition) and produced later by code that
/// runs in another (a relay). The trace must follow the message, not the code that happened to produce it.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_message_is_created_now_and_produced_later(KafkaClusterFixture kafka)
{
    static readonly Scenario<Outcome> Relayed = new();

    Task<Outcome> Run() => Relayed.Outcome(async () =>
    {
        var pings = KafkaClusterFixture.UniqueTopic("traced-pings");
        var pongs = KafkaClusterFixture.UniqueTopic("traced-pongs");
        var key = Guid.NewGuid();
        using var spans = new SpanRecorder();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.Topics.Add(pongs)),
            (context, k) => k.TopicEndpoint(pings, "traced-echo", e => e.ConfigureBusConsumer<EchoConsumer>(context)),
            bus: x => x.AddConsumer<EchoConsumer>().ExcludeFromConfigureEndpoints());

        KafkaRecord record;
        ActivitySpanId transitionSpan;
        using (var transition = new Activity("transition").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            transitionSpan = transition.SpanId;
            record = bus.Producer.Serialize(pings, key, new Ping(key, pongs));
        }

        ActivityTraceId relayTrace;
        using (var relay = new Activity("relay").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            relayTrace = relay.TraceId;
            await bus.Producer.ProduceBatch([record]);
        }

        var pong = TopicReader.Read(kafka.Cluster.BootstrapServers, pongs, 1).Single();
        var traceId = ActivityContext.Parse(record.Headers[KafkaHeaders.TraceParent], null).TraceId;
        await Wait.Until(() => spans.InTrace(traceId).Count(s => s.Kind == ActivityKind.Consumer) >= 2, "the echo's receive and consume spans ended");
        await Wait.Until(() => spans.InTrace(traceId).Any(s => s.DisplayName == $"{pongs} send"), "the pong's send span ended");
        return new Outcome(record, pong, spans.InTrace(traceId), transitionSpan, relayTrace);
    });

    [Fact]
    public async Task The_record_carries_the_span_it_was_created_in()
    {
        var outcome = await Run();
        var create = outcome.Single($"{outcome.Record.Topic} create");
        Assert.Equal(create.Id, outcome.Record.Headers[KafkaHeaders.TraceParent]);
        Assert.Equal(outcome.TransitionSpan, create.ParentSpanId);
        Assert.Equal(ActivityKind.Producer, create.Kind);
    }

    [Fact]
    public async Task The_send_span_belongs_to_the_message_not_to_the_code_that_produced_it()
    {
        var outcome = await Run();
        var send = outcome.Single($"{outcome.Record.Topic} send");
        Assert.Equal(outcome.Single($"{outcome.Record.Topic} create").SpanId, send.ParentSpanId);
        Assert.NotEqual(outcome.RelayTrace, send.TraceId);
    }

    [Fact]
    public async Task The_consumer_continues_the_trace_from_the_record_headers()
    {
        var outcome = await Run();
        var receive = outcome.Spans.Single(s => s.Source.Name == "MassTransit" && s.GetTagItem("messaging.operation") as string == "receive"
            && s.ParentSpanId == outcome.Single($"{outcome.Record.Topic} create").SpanId);
        Assert.Equal(ActivityKind.Consumer, receive.Kind);
    }

    [Fact]
    public async Task A_reply_produced_by_the_consumer_is_created_inside_its_consume_span()
    {
        var outcome = await Run();
        var replyCreate = outcome.Single($"{outcome.Pong.Topic} create");
        var consume = outcome.Spans.Single(s => s.SpanId == replyCreate.ParentSpanId);
        Assert.Equal("MassTransit", consume.Source.Name);
        Assert.Equal(replyCreate.Id, outcome.Pong.Header(KafkaHeaders.TraceParent));
    }

    public sealed record Outcome(KafkaRecord Record, ConsumeResult<byte[], byte[]> Pong, IReadOnlyList<Activity> Spans, ActivitySpanId TransitionSpan,
        ActivityTraceId RelayTrace)
    {
        public Activity Single(string name) => Assert.Single(Spans, s => s.DisplayName == name);
    }
}
