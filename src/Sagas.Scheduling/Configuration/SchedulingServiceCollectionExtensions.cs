using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using Sagas.Scheduling.Health;
using Sagas.Scheduling.Jobs;
using Sagas.Scheduling.Schema;

namespace Sagas.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Quartz as the scheduler of the outbox of <typeparamref name="TContext"/> (registered with
    /// <c>AddTransactionalOutbox</c>): one clustered job sweeps it every <see cref="SchedulingOptions.SweepInterval"/>,
    /// delivering saga timeouts when due and records no process produced. Registers <see cref="SchedulingOptions"/>
    /// (section <c>Scheduling</c>), the job store it names (a persistent one with its Quartz tables as a versioned schema
    /// of the migrate command) and Quartz as a hosted service that lets a running sweep finish on stop. The store is
    /// chosen here, so invalid options fail at once rather than at start. The readiness check <c>scheduler</c> says whether it runs.
    /// </summary>
    public static IServiceCollection AddOutboxScheduling<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        var section = configuration.GetSection(SchedulingOptions.Section);
        var options = section.Get<SchedulingOptions>() ?? new SchedulingOptions();
        var validation = new SchedulingOptionsValidator().Validate(null, options);
        if (validation.Failed)
            throw new OptionsValidationException(SchedulingOptions.Section, typeof(SchedulingOptions), validation.Failures);

        services.AddOptions<SchedulingOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());
        var database = options.Store == TimeoutStore.Persistent ? TimeoutStoreDatabase.From(options, configuration) : null;
        if (database is not null)
            services.AddTimeoutStoreSchema(database);

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = options.SchedulerName;
                scheduler.IdleWaitTime = options.IdleWaitTime;
                // Stop waits for a running sweep, but asks it to stop first: one stuck on an unreachable cluster would
                // otherwise hold shutdown for a whole produce timeout. Its claims end and the next sweep takes over.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            quartz.UseDefaultThreadPool(1);
            if (database is null)
                TimeoutJobStores.UseInMemory(quartz, options);
            else
                TimeoutJobStores.UsePersistent(quartz, options, database);

            quartz.AddJob<OutboxSweepJob<TContext>>(job => job.WithIdentity(OutboxSweepJob<TContext>.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(OutboxSweepJob<TContext>.Key)
                .WithIdentity(OutboxSweepJob<TContext>.Key.Name, OutboxSweepJob<TContext>.Key.Group)
                .StartNow()
                // A sweep missed while no node ran simply happens at the next time: it delivers whatever is due by then.
                .WithSimpleSchedule(schedule => schedule.WithInterval(options.SweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
