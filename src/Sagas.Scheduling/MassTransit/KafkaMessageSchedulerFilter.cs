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
/// for. The scheduler is built only when a saga schedules or cancels, from the message scope when there is one (so a
/// scoped outbox <see cref="ITimeoutRequests"/> joins the saga's transaction), else from the container.
/// </summary>
internal sealed class KafkaMessageSchedulerFilter(IServiceProvider services) : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context, CreateScheduler));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("scheduler").Add("type", "kafka-quartz");

    IMessageScheduler CreateScheduler(ConsumeContext context)
    {
        var scope = context.TryGetPayload<IServiceProvider>(out var scoped) ? scoped : services;
        var provider = new KafkaScheduleMessageProvider(scope.GetRequiredService<ITimeoutRequests>(), scope.GetRequiredService<IKafkaProducer>(),
            scope.GetRequiredService<IOptions<TopicOptions>>().Value, context);
        return new MessageScheduler(provider, services.GetRequiredService<IBus>().Topology);
    }
}
