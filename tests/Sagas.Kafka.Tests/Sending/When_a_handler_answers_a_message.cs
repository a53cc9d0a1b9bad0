using System.Collections.Concurrent;
using System.Text.Json;
using Confluent.Kafka;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Sending;

/// <summary>A ping whose ResponseAddress is another topic is answered with MassTransit's <c>RespondAsync</c> on a topic endpoint.</summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_handler_answers_a_message(KafkaClusterFixture kafka)
{
    static readonly Scenario<Outcome> Answered = new();

    Task<Outcome> Run() => Answered.Outcome(async () =>
    {
        var pings = KafkaClusterFixture.UniqueTopic("asked");
        var replies = KafkaClusterFixture.UniqueTopic("answers");
        var key = Guid.NewGuid();
        var inputAddresses = new InputAddresses();
        await using var bus = await TestBus.Start(kafka, kafka.Options(o => o.Topics.Add(replies)),
            (context, k) => k.TopicEndpoint(pings, "responders", e => e.ConfigureBusConsumer<PingResponder>(context)),
            services => services.AddSingleton(inputAddresses),
            x => x.AddConsumer<PingResponder>().ExcludeFromConfigureEndpoints());

        var ping = await KafkaRecords.Serialize(pings, new Ping(key, ReplyTopic: ""),
            Pipe.Execute<SendContext<Ping>>(context => context.ResponseAddress = TopicAddress.For(replies)), sourceAddress: null, CancellationToken.None);
        await bus.Producer.ProduceBatch([ping]);
        var answer = TopicReader.Read(kafka.Cluster.BootstrapServers, replies, 1).Single();
        return new Outcome(pings, key, ping, inputAddresses.Seen.Single(), answer);
    });

    [Fact]
    public async Task The_endpoints_input_address_is_its_topic()
    {
        var outcome = await Run();
        Assert.Equal(new Uri($"topic:{outcome.Topic}"), outcome.InputAddress);
    }

    [Fact]
    public async Task The_answer_arrives_on_the_topic_of_the_response_address_keyed_by_the_saga()
    {
        var outcome = await Run();
        Assert.Contains(nameof(Pong), outcome.Answer.Header(KafkaHeaders.MessageType), StringComparison.Ordinal);
        Assert.Equal(RecordKey.Encode(outcome.Key), outcome.Answer.Message.Key);
    }

    [Fact]
    public async Task The_answer_comes_from_the_endpoints_topic_in_the_conversation_the_ping_started()
    {
        var outcome = await Run();
        using var envelope = JsonDocument.Parse(outcome.Answer.Message.Value);
        Assert.Equal($"topic:{outcome.Topic}", envelope.RootElement.GetProperty("sourceAddress").GetString());
        Assert.Equal(outcome.Ping.Headers[KafkaHeaders.ConversationId], outcome.Answer.Header(KafkaHeaders.ConversationId));
        Assert.Equal(outcome.Key.ToString(), envelope.RootElement.GetProperty("initiatorId").GetString());
    }

    public sealed record Outcome(string Topic, Guid Key, KafkaRecord Ping, Uri InputAddress, ConsumeResult<byte[], byte[]> Answer);

    public sealed class InputAddresses
    {
        readonly ConcurrentQueue<Uri> _seen = new();

        public IReadOnlyList<Uri> Seen => [.. _seen];

        public void Add(Uri address) => _seen.Enqueue(address);
    }

    /// <summary>Notes the input address it consumed a ping from and answers it.</summary>
    public sealed class PingResponder(InputAddresses inputAddresses) : IConsumer<Ping>
    {
        public Task Consume(ConsumeContext<Ping> context)
        {
            inputAddresses.Add(context.ReceiveContext.InputAddress);
            return context.RespondAsync(new Pong(context.Message.CorrelationId));
        }
    }
}
