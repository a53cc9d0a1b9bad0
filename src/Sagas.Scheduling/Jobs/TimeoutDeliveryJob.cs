using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Sagas.Kafka;

namespace Sagas.Scheduling.Jobs;

/// <summary>
/// Produces a fallen-due timeout to its saga's topic. A failed produce is retried by Quartz under the scheduler's
/// retry policy (see <see cref="SchedulingOptions.DeliveryAttempts"/>); the last failure dead-letters the record to
/// <c>&lt;topic&gt;.dlq</c>, and if even that fails the job stays and gets another round of attempts later.
/// </summary>
internal sealed class TimeoutDeliveryJob(IKafkaProducer producer, IOptions<KafkaOptions> kafka, IOptions<SchedulingOptions> options,
    ILogger<TimeoutDeliveryJob> logger) : IJob
{
    public const string MeterName = "Sagas.Scheduling";

    /// <summary>Quartz creates a job per execution, so the meter belongs to the type: one for the process.</summary>
    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Fired = Meter.CreateCounter<long>("sagas.scheduling.timeouts.fired", "{timeout}",
        "Saga timeouts that fell due and went to their saga's topic (delivered) or, failing that, to its DLQ (dead_lettered).");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The context's token is the one a shutdown or an interrupt cancels.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        await Deliver(context, stopping.Token);
    }

    async Task Deliver(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var tokenId = TimeoutJobs.TokenOf(context.JobDetail);
        var record = TimeoutJobs.RecordOf(context.JobDetail);

        // Each attempt is bounded by the producer's message timeout (KafkaOptions.ProduceTimeout): a produce that
        // librdkafka has given up on cannot arrive later beside the retry.
        var failure = await TryProduce(record, cancellationToken);
        if (failure is null)
        {
            logger.LogInformation("Timeout {TokenId} for saga {SagaId} delivered to {Topic}", tokenId, record.Key, record.Topic);
            Fired.Add(1, new KeyValuePair<string, object?>("outcome", "delivered"));
            await Forget(context, cancellationToken);
            return;
        }

        if (HasAttemptsLeft(context))
        {
            logger.LogWarning(failure, "Timeout {TokenId} for saga {SagaId} could not be produced to {Topic} (attempt {Attempt}); retrying",
                tokenId, record.Key, record.Topic, context.RetryAttempt + 1);
            throw new JobExecutionException(failure);
        }

        await DeadLetter(context, tokenId, record, failure, cancellationToken);
    }

    async Task DeadLetter(IJobExecutionContext context, Guid tokenId, KafkaRecord record, Exception failure, CancellationToken cancellationToken)
    {
        var deadLetterTopic = record.Topic + kafka.Value.DeadLetterSuffix;
        var attempts = context.RetryAttempt + 1;
        var deadLetterFailure = await TryProduce(record with { Topic = deadLetterTopic, Headers = DeadLetterHeaders(record, failure, attempts) }, cancellationToken);
        if (deadLetterFailure is null)
        {
            logger.LogError(failure, "Timeout {TokenId} for saga {SagaId} could not be produced to {Topic} after {Attempts} attempts; dead-lettered to {DeadLetterTopic}",
                tokenId, record.Key, record.Topic, attempts, deadLetterTopic);
            Fired.Add(1, new KeyValuePair<string, object?>("outcome", "dead_lettered"));
            await Forget(context, cancellationToken);
            return;
        }

        // Dropping the timeout would leave the saga waiting for ever; keep the (durable) job and start over later.
        var retryAt = DateTimeOffset.UtcNow + options.Value.RetryMaxBackoff;
        logger.LogError(deadLetterFailure, "Timeout {TokenId} for saga {SagaId} could be produced neither to {Topic} nor to {DeadLetterTopic}; trying again at {RetryAt}",
            tokenId, record.Key, record.Topic, deadLetterTopic, retryAt);
        await context.Scheduler.ScheduleJob(TimeoutJobs.Redelivery(context.JobDetail.Key, retryAt), cancellationToken: cancellationToken);
    }

    async Task<Exception?> TryProduce(KafkaRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await producer.ProduceBatch([record], cancellationToken);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return exception;
        }
    }

    /// <summary>The job is durable, so it goes only when its record went somewhere.</summary>
    static async Task Forget(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken);

    static bool HasAttemptsLeft(IJobExecutionContext context) =>
        context.RetryPolicy is { } policy && context.RetryAttempt < policy.MaxAttempts;

    static Dictionary<string, string> DeadLetterHeaders(KafkaRecord record, Exception failure, int attempts) =>
        new(record.Headers)
        {
            [KafkaHeaders.DeadLetterReason] = "fault",
            [KafkaHeaders.DeadLetterExceptionType] = failure.GetType().FullName ?? failure.GetType().Name,
            [KafkaHeaders.DeadLetterExceptionMessage] = failure.Message,
            [KafkaHeaders.DeadLetterSourceTopic] = record.Topic,
            [KafkaHeaders.DeadLetterAttempts] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
}
