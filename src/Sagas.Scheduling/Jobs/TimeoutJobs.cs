using Quartz;
using Sagas.Kafka;

namespace Sagas.Scheduling.Jobs;

/// <summary>How a timeout is laid out in Quartz: one durable job and its trigger, both named by the token.</summary>
internal static class TimeoutJobs
{
    const string Group = "saga-timeouts";

    public static JobKey JobKeyOf(Guid tokenId) => new(tokenId.ToString("N"), Group);

    public static TriggerKey TriggerKeyOf(Guid tokenId) => new(tokenId.ToString("N"), Group);

    public static IJobDetail Job(ScheduleTimeout request) =>
        JobBuilder.Create<TimeoutDeliveryJob>()
            .WithIdentity(JobKeyOf(request.TokenId))
            .WithDescription($"Timeout for saga {request.Record.Key} to {request.Record.Topic}")
            // Durable so the job outlives a trigger whose retries ran out while the record could not even be
            // dead-lettered; the job deletes itself once the record is delivered somewhere.
            .StoreDurably()
            // A firing cut short by a crash runs again on restart (or on another node of the cluster).
            .RequestRecovery()
            .UsingJobData(TimeoutJobData.Write(request.TokenId, request.Record))
            .Build();

    public static ITrigger Trigger(Guid tokenId, DateTimeOffset dueAt) => Trigger(TriggerKeyOf(tokenId), JobKeyOf(tokenId), dueAt);

    /// <summary>A one-shot trigger for another round of attempts at a job whose previous trigger gave up.</summary>
    public static ITrigger Redelivery(JobKey job, DateTimeOffset dueAt) =>
        Trigger(new TriggerKey($"{job.Name}.{dueAt.UtcTicks}", Group), job, dueAt);

    static ITrigger Trigger(TriggerKey key, JobKey job, DateTimeOffset dueAt) =>
        TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(job)
            .StartAt(dueAt)
            // A timeout that fell due while no scheduler was running must still reach its saga, exactly once and as
            // soon as possible: FireNow fires a missed one-shot trigger once, at recovery, instead of skipping it
            // (the Reschedule*/Next* instructions could complete it without firing) or replaying missed repeats.
            .WithSchedule(SimpleScheduleBuilder.Create().WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();

    /// <summary>The record a timeout job delivers, read back from its job data.</summary>
    public static KafkaRecord RecordOf(IJobDetail job) => TimeoutJobData.Read(job.JobDataMap);

    /// <summary>The token a timeout job was scheduled under.</summary>
    public static Guid TokenOf(IJobDetail job) => TimeoutJobData.Token(job.JobDataMap);
}
