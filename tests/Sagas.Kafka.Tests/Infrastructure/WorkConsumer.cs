using Confluent.Kafka;
using MassTransit;
using Sagas.Kafka.Tests.Messages;

namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>
/// Handles <see cref="Work"/> as a saga transition would: notes the attempt, sends and answers, then either fails or writes
/// its sequence through the scope's <see cref="LedgerSession"/>.
/// </summary>
public sealed class WorkConsumer(LedgerSession session, Timeline timeline, SendsProbe? probe = null) : IConsumer<Work>
{
    public async Task Consume(ConsumeContext<Work> context)
    {
        var work = context.Message;
        probe?.Observe(work.Sequence);
        var offset = context.ReceiveContext.TryGetPayload(out ConsumeResult<byte[], byte[]>? record) ? record.Offset.Value : (long?)null;
        var attempt = timeline.Add(new Step(StepKind.Handled, session.Unit, session.Scope, work.Sequence, offset));

        var done = new WorkDone(work.CorrelationId, work.Sequence);
        if (work.SendTo is not null)
            await (await context.GetSendEndpoint(TopicAddress.For(work.SendTo))).Send(done, context.CancellationToken);
        if (context.ResponseAddress is not null)
            await context.RespondAsync(done);

        if (attempt <= work.Failures)
            throw new InvalidOperationException($"Work {work.Sequence} failed its attempt {attempt}");
        session.Write(work.Sequence);
    }
}

/// <summary>Holds the <see cref="Hold"/> record's handler until the test releases it.</summary>
public sealed class HoldConsumer(Holder holder) : IConsumer<Hold>
{
    public Task Consume(ConsumeContext<Hold> context) => holder.Hold();
}

public sealed class Holder
{
    readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the hold record is in its handler.</summary>
    public Task Entered => _entered.Task;

    public void Release() => _released.TrySetResult();

    public async Task Hold()
    {
        _entered.TrySetResult();
        await _released.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
