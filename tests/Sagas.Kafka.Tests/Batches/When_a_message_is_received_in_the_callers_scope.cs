using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Kafka.Tests.Infrastructure;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Batches;

/// <summary>
/// A caller (as the API does for a saga's first transition) opens its own unit of work in its own scope and hands messages to
/// <see cref="ITopicReceiver"/> for an endpoint with a batch unit of work and a retry policy of three attempts.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class When_a_message_is_received_in_the_callers_scope(KafkaClusterFixture kafka)
{
    const int CallersUnit = 1000;
    static readonly Scenario<Outcome> Received = new();

    Task<Outcome> Run() => Received.Outcome(async () =>
    {
        var sends = KafkaClusterFixture.UniqueTopic("received-sends");
        await using var bus = await WorkBus.Start(kafka, "received", unitOfWork: true, o => o.RetryAttempts = 3, outputs: [sends]);
        var receiver = bus.Bus.Services.GetRequiredService<ITopicReceiver>();

        await using var scope = bus.Bus.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<LedgerSession>();
        session.Begin(CallersUnit);
        await receiver.Receive(bus.Topic, new Work(bus.Key, 1), scope.ServiceProvider, CancellationToken.None);
        var committedBeforeTheCaller = bus.Ledger.CountOf(1);
        session.Commit();

        Task Receive<T>(T message, string? topic = null)
            where T : class => receiver.Receive(topic ?? bus.Topic, message, scope.ServiceProvider, CancellationToken.None);
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => Receive(new Work(bus.Key, 2, Failures: 1)));
        var unhandled = await Assert.ThrowsAsync<InvalidOperationException>(() => Receive(new Unhandled(bus.Key)));
        var sent = await Assert.ThrowsAsync<InvalidOperationException>(() => Receive(new Work(bus.Key, 3, SendTo: sends)));
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => Receive(new Work(bus.Key, 4), KafkaClusterFixture.UniqueTopic("unknown")));

        return new Outcome(session.Scope, bus.Timeline, bus.Ledger, committedBeforeTheCaller, failed, unhandled, sent, unknown,
            bus.ReadAll(bus.Topic), bus.ReadAll(bus.DeadLetterTopic), bus.ReadAll(sends));
    });

    [Fact]
    public async Task The_handler_runs_in_the_callers_scope_and_unit_of_work()
    {
        var outcome = await Run();
        var handled = Assert.Single(outcome.Timeline.AttemptsOf(1));
        Assert.Equal(outcome.CallersScope, handled.Scope);
        Assert.Equal(CallersUnit, handled.Unit);
        Assert.DoesNotContain(outcome.Timeline.Steps, step => step.Kind == StepKind.Began);
    }

    [Fact]
    public async Task Its_work_is_committed_by_the_callers_commit()
    {
        var outcome = await Run();
        Assert.Equal(0, outcome.CommittedBeforeTheCaller);
        Assert.Equal(1, outcome.Ledger.CountOf(1));
    }

    [Fact]
    public async Task Nothing_goes_through_the_topic() => Assert.Empty((await Run()).Consumed);

    [Fact]
    public async Task A_failure_is_thrown_at_once_without_a_retry()
    {
        var outcome = await Run();
        Assert.Equal("Work 2 failed its attempt 1", outcome.Failed.InnerException?.Message);
        Assert.Single(outcome.Timeline.AttemptsOf(2));
    }

    [Fact]
    public async Task A_message_nothing_consumes_is_thrown_back() => Assert.Contains("No consumer", (await Run()).Unhandled.InnerException?.Message, StringComparison.Ordinal);

    [Fact]
    public async Task Nothing_is_dead_lettered() => Assert.Empty((await Run()).DeadLetters);

    [Fact]
    public async Task A_send_outside_a_transactional_outbox_is_refused()
    {
        var outcome = await Run();
        Assert.Contains("outside a transactional outbox", outcome.Sent.InnerException?.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Sends);
        Assert.Equal(0, outcome.Ledger.CountOf(3));
    }

    [Fact]
    public async Task A_topic_no_endpoint_of_this_process_consumes_is_refused()
    {
        var outcome = await Run();
        Assert.Contains("No topic endpoint", outcome.Unknown.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Timeline.AttemptsOf(4));
    }

    public sealed record Outcome(Guid CallersScope, Timeline Timeline, Ledger Ledger, int CommittedBeforeTheCaller, InvalidOperationException Failed,
        InvalidOperationException Unhandled, InvalidOperationException Sent, InvalidOperationException Unknown, List<ConsumeResult<byte[], byte[]>> Consumed,
        List<ConsumeResult<byte[], byte[]>> DeadLetters, List<ConsumeResult<byte[], byte[]>> Sends);
}
