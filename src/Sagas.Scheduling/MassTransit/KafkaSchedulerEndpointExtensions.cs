using MassTransit;
using Sagas.Scheduling.MassTransit;

namespace Sagas.Scheduling;

public static class KafkaSchedulerEndpointExtensions
{
    /// <summary>
    /// Lets sagas on this (Kafka topic) endpoint use <c>Schedule</c>/<c>Unschedule</c>: each becomes a
    /// <see cref="TimeoutRequest"/> for <see cref="ITimeoutRequests"/>, resolved from the saga's message scope (so a scoped
    /// outbox writes it in the saga's transaction), and Quartz produces the message to its topic when due. Needs
    /// <see cref="SchedulingServiceCollectionExtensions.AddKafkaScheduling"/>.
    /// </summary>
    public static void UseKafkaMessageScheduler(this IReceiveEndpointConfigurator configurator, IRegistrationContext context)
    {
        configurator.UseFilter(new KafkaMessageSchedulerFilter(context));
        configurator.ConnectSagaConfigurationObserver(new SagaScopeObserver());
    }
}
