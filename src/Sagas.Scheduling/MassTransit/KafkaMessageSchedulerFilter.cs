using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas.Kafka;
using Sagas.Messaging;

namespace Sagas.Scheduling.MassTransit;

/// <summary>
/// Gives every consumed message the <see cref="MessageSchedulerContext"/> that <c>Schedule</c>/<c>Unschedule</c> look
/// for, and the <see cref="TimeoutRequestScope"/> its requests go through.
/// </summary>
internal sealed class KafkaMessageSchedulerFilter(IServiceProvider container) : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var scope = context.GetOrAddPayload(() => new TimeoutRequestScope(container));
        context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context, cause => CreateScheduler(cause, scope)));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("scheduler").Add("type", "kafka-quartz");

    IMessageScheduler CreateScheduler(ConsumeContext cause, TimeoutRequestScope scope)
    {
        var provider = new KafkaScheduleMessageProvider(scope, container.GetRequiredService<IKafkaProducer>(),
            container.GetRequiredService<IOptions<TopicOptions>>().Value, cause);
        return new MessageScheduler(provider, container.GetRequiredService<IBus>().Topology);
    }
}
