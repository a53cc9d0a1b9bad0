using MassTransit;
using Sagas.Scheduling.MassTransit;

namespace Sagas.Scheduling;

public static class KafkaSchedulerEndpointExtensions
{
    /// <summary>
    /// Lets sagas on this (Kafka topic) endpoint use <c>Schedule</c>/<c>Unschedule</c>: timeouts are stored in Quartz and
    /// produced to the message's topic when due. Needs <see cref="SchedulingServiceCollectionExtensions.AddKafkaScheduling"/>.
    /// </summary>
    public static void UseKafkaMessageScheduler(this IReceiveEndpointConfigurator configurator, IRegistrationContext context) =>
        configurator.UseFilter(new KafkaMessageSchedulerFilter(context));
}
