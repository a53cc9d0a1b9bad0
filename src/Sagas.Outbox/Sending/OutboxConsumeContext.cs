using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.EntityFrameworkCore;
using Sagas.Kafka.Sending;

namespace Sagas.Outbox.Sending;

/// <summary>
/// The consume context the handlers of an outbox endpoint see, after MassTransit's own outbox proxy: what they send to
/// a topic becomes an outbox row and what they schedule a scheduled row, both in the scope's
/// <typeparamref name="TContext"/>, so they commit with the rest of the handler's work (the saga row) and roll back with
/// it. What they send names this endpoint's topic as the place to respond to, so a worker's <c>RespondAsync</c> answers
/// the saga type that asked. Sends to anything but a topic, and publishes, go where they would have gone.
/// </summary>
internal sealed class OutboxConsumeContext<TContext> : ConsumeContextProxy
    where TContext : DbContext
{
    public OutboxConsumeContext(ConsumeContext context, OutboxWriter<TContext> outbox, IBusTopology topology)
        : base(context)
    {
        var receive = context.ReceiveContext;
        ReceiveContext = new OutboxReceiveContext(receive, new TopicSendEndpointProvider(receive.InputAddress, outbox, receive.SendEndpointProvider, receive.InputAddress));

        var scheduler = new MessageScheduler(new OutboxScheduleMessageProvider<TContext>(outbox, receive.InputAddress), topology);
        context.AddOrUpdatePayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(this, _ => scheduler),
            _ => new ConsumeMessageSchedulerContext(this, _ => scheduler));
    }

    sealed class OutboxReceiveContext(ReceiveContext context, ISendEndpointProvider sendEndpoints) : ReceiveContextProxy(context)
    {
        public override ISendEndpointProvider SendEndpointProvider => sendEndpoints;
    }
}
