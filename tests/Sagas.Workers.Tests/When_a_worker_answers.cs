using MassTransit;
using MassTransit.Testing;
using Sagas.Contracts.Fraud;
using Sagas.Contracts.Ledger;
using Sagas.Kafka;
using Sagas.Testing;

namespace Sagas.Workers.Tests;

public sealed class When_a_worker_answers
{
    // The harness's Select blocks until its timeout for more matches unless the token is already cancelled.
    static readonly CancellationToken AlreadyCancelled = new(canceled: true);

    [Fact]
    public async Task A_command_sent_to_its_topic_address_is_consumed_by_its_worker()
    {
        await using var host = await WorkerHost.Start();
        await host.OpenAccount("alice", 100m);
        var sagaId = Guid.NewGuid();

        await host.Send(new DebitAccount(sagaId, "alice", 1m, "USD"));

        await host.Reply<AccountDebited>(sagaId);
        var sent = Assert.Single(host.Harness.Sent.Select<DebitAccount>(AlreadyCancelled), m => m.Context.Message.CorrelationId == sagaId);
        Assert.EndsWith("/debit.commands", sent.Context.DestinationAddress!.AbsolutePath, StringComparison.Ordinal);
        Assert.Single(host.Harness.Consumed.Select<DebitAccount>(AlreadyCancelled), m => m.Context.Message.CorrelationId == sagaId);
    }

    [Fact]
    public async Task The_reply_goes_to_the_response_address_the_command_carries()
    {
        await using var host = await WorkerHost.Start();
        var sagaId = Guid.NewGuid();
        var sagaTopic = TopicAddress.For("transfer.events");

        var worker = await host.Harness.Bus.GetSendEndpoint(TopicAddress.For("fraud.commands"));
        await worker.Send(new CheckFraud(sagaId, "alice", "bob", 1m, "USD"), context => context.ResponseAddress = sagaTopic);

        await Eventually.Until(() => Task.FromResult(host.Harness.Sent.Select<FraudCheckPassed>(AlreadyCancelled)
            .Any(m => m.Context.Message.CorrelationId == sagaId)), "the fraud worker answered");
        var reply = host.Harness.Sent.Select<FraudCheckPassed>(AlreadyCancelled).Single(m => m.Context.Message.CorrelationId == sagaId);
        Assert.EndsWith("/transfer.events", reply.Context.DestinationAddress!.AbsolutePath, StringComparison.Ordinal);
        Assert.Empty(host.RepliesSoFar<FraudCheckPassed>(sagaId));
    }
}
