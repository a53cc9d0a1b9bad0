using MassTransit;
using Sagas.Kafka.Batching;
using Sagas.Kafka.Outages;

namespace Sagas.Kafka.DeadLetters;

/// <summary>
/// The endpoint's error pipe: a record whose consumer failed every retry, or that could not be deserialized (that fails
/// before any retry), goes to the DLQ and the partition moves on. Inside a batch the failure is the batch's instead: it
/// rolls back and the record runs again on its own, where it meets this filter again if it still fails. A record that failed
/// because a dependency is down is held instead (<see cref="OutageHold"/>), never dead-lettered for it.
/// </summary>
internal sealed class FaultedRecordFilter(DeadLetterProducer deadLetters) : IFilter<ExceptionReceiveContext>
{
    public const string Reason = "fault";

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (context.TryGetPayload(out BatchAttempt? batch))
        {
            batch.Failed(context.Exception);
            return;
        }

        // A dependency that is down is no fault of the record's: it is held and tried again once the dependency is back.
        if (context.TryGetPayload(out OutageHold? hold) && hold.TryHold(context.Exception))
            return;

        var attempts = context.TryGetPayload(out RetryContext? retry) ? retry.RetryCount + 1 : 1;
        await deadLetters.Send(context, Reason, context.Exception, attempts);

        // A record that failed before any consumer saw it (it could not be deserialized) is not yet marked
        // faulted, and MassTransit would then also treat it as skipped and dead-letter it a second time.
        if (!context.IsFaulted)
            await context.NotifyFaulted(context.Exception);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("kafkaDeadLetterFaulted");
}

/// <summary>The endpoint's dead-letter pipe: a record of a message type nothing here consumes goes to the DLQ instead of being dropped.</summary>
internal sealed class SkippedRecordFilter(DeadLetterProducer deadLetters) : IFilter<ReceiveContext>
{
    public const string Reason = "skipped";

    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        var exception = new InvalidOperationException("No consumer on this endpoint handles the record's message type");
        if (context.TryGetPayload(out BatchAttempt? batch))
        {
            batch.Failed(exception);
            return;
        }

        // A record held for an outage was not consumed, so MassTransit sends it here too; it is not skipped, it waits.
        if (context.TryGetPayload(out OutageHold? hold) && hold.Fault is not null)
            return;

        await deadLetters.Send(context, Reason, exception, 1);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("kafkaDeadLetterSkipped");
}
