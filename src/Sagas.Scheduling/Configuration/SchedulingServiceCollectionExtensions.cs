using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using Sagas.Kafka;
using Sagas.Messaging;
using Sagas.Scheduling.Schema;

namespace Sagas.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Registers saga timeouts on Quartz delivered to Kafka: <see cref="SchedulingOptions"/> (section <c>Scheduling</c>),
    /// the job store it names (a persistent one with its Quartz tables as a versioned schema of the migrate command),
    /// <see cref="TimeoutScheduler"/>, the default <see cref="ITimeoutRequests"/> (replace it with an outbox's), the Kafka clients, and Quartz as a hosted service that waits for running deliveries on stop.
    /// The store is chosen here, so invalid options fail at once rather than at start.
    /// </summary>
    public static IServiceCollection AddKafkaScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SchedulingOptions.Section);
        var options = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        var validation = new SchedulingOptionsValidator().Validate(null, options);
        if (validation.Failed)
            throw new OptionsValidationException(SchedulingOptions.Section, typeof(SchedulingOptions), validation.Failures);

        services.AddOptions<SchedulingOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());
        services.AddOptions<TopicOptions>().Bind(configuration.GetSection(TopicOptions.Section));
        services.AddKafkaClients();
        services.TryAddSingleton<TimeoutScheduler>();
        services.TryAddSingleton<ITimeoutRequests, ImmediateTimeoutRequests>();
        var database = options.Store == TimeoutStore.Persistent ? TimeoutStoreDatabase.From(options, configuration) : null;
        if (database is not null)
            services.AddTimeoutStoreSchema(database);

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.SchedulerName;
                scheduler.IdleWaitTime = options.IdleWaitTime;
                // Stop still waits for running deliveries, but asks them to stop first: one stuck on an unreachable
                // cluster would otherwise hold shutdown for a whole produce timeout. A persistent store hands such a
                // firing back for recovery, so it runs again on the next start or on another node.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            quartz.UseDefaultThreadPool(options.MaxConcurrency);
            // The scheduler-wide default also covers the recovery triggers Quartz creates after a crash.
            quartz.UseDefaultRetryPolicy(DeliveryRetryPolicy(options));
            if (database is null)
                TimeoutJobStores.UseInMemory(quartz, options);
            else
                TimeoutJobStores.UsePersistent(quartz, options, database);
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }

    static RetryPolicy DeliveryRetryPolicy(SchedulingOptions options) =>
        options.DeliveryAttempts == 1
            ? RetryPolicy.None
            : RetryPolicy.Exponential(options.DeliveryAttempts - 1, options.RetryBackoff, 2, options.RetryMaxBackoff);
}
