using Confluent.Kafka;

namespace Sagas.Kafka;

/// <summary>Kafka connection, consumption and failure policy (configuration section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Brokers to connect to; null or empty starts an in-process embedded cluster instead.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Brokers of the embedded cluster started when <see cref="BootstrapServers"/> is empty.</summary>
    public int EmbeddedBrokers { get; set; } = 1;

    /// <summary>Whether topics are created at start-up (endpoint topics, their DLQs and <see cref="Topics"/>).</summary>
    public bool ProvisionTopics { get; set; } = true;

    /// <summary>Extra topics to create at start-up, typically those this process only produces to.</summary>
    public IList<string> Topics { get; } = [];

    /// <summary>Partitions of each provisioned topic.</summary>
    public int Partitions { get; set; } = 6;

    /// <summary>Replication factor of each provisioned topic (capped at the embedded cluster's broker count).</summary>
    public short ReplicationFactor { get; set; } = 1;

    /// <summary>How long topic creation may take before start-up gives up and retries.</summary>
    public TimeSpan ProvisioningTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Partitions whose batches run at once per topic endpoint; the records of one partition run in offset order.</summary>
    public int ConcurrencyLimit { get; set; } = 16;

    /// <summary>Records fetched ahead of processing per topic endpoint (bounds memory and the redelivery window).</summary>
    public int PrefetchCount { get; set; } = 256;

    /// <summary>
    /// Most records of one partition handled as one batch. On an endpoint with a unit of work the batch shares one
    /// transaction; under load batches fill up by themselves, at rest a record is handled alone as soon as it arrives.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Commit after this many records finished on a partition...</summary>
    public int CheckpointCount { get; set; } = 100;

    /// <summary>...or after this long, whichever comes first.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a revoked partition or a stopping endpoint waits for in-flight records before giving up.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delivery attempts a record gets before it goes to the DLQ (1 = no retry).</summary>
    public int RetryAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; it doubles on each retry up to <see cref="RetryMaxBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of the retry delay.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While a dependency is down (see <c>Outages.TransientFailure</c>), how long a paused consumer waits at most between
    /// attempts: the platform resumes within about this long of the dependency's return.
    /// </summary>
    public TimeSpan OutageProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an outage that goes on is summarised in the log (attempts, records waiting).</summary>
    public TimeSpan OutageSummaryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Failures this soon after a dependency came back (connections the outage broke, found broken on first use) do not
    /// declare it down again; a new outage needs failures with no success for this long.
    /// </summary>
    public TimeSpan OutageRelapseGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Suffix of the dead-letter topic of each consumed topic.</summary>
    public string DeadLetterSuffix { get; set; } = ".dlq";

    /// <summary>librdkafka's fetch.wait.max.ms; the embedded broker holds an empty fetch this long, so keep it around 10 ms there.</summary>
    public int? FetchWaitMaxMs { get; set; }

    /// <summary>
    /// librdkafka's max.in.flight.requests.per.connection for the producer. Unset: librdkafka's default (5) against real
    /// brokers, 1 against the embedded broker, which does not keep retried requests in order; set it to 1 for an
    /// embedded broker reached through <see cref="BootstrapServers"/> (the shared tool).
    /// </summary>
    public int? ProduceMaxInFlight { get; set; }

    /// <summary>Consumer group session timeout; a dead member's partitions move after this long.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where a consumer group without a committed offset starts.</summary>
    public AutoOffsetReset AutoOffsetReset { get; set; } = AutoOffsetReset.Earliest;

    /// <summary>
    /// How long bus start waits for a topic endpoint's first partition assignment before it goes on without it; the
    /// host's readiness (<c>kafka-groups</c>) keeps waiting for the assignment itself.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a produce may wait for the cluster (librdkafka's message.timeout.ms) before it fails.</summary>
    public TimeSpan ProduceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the producer waits to batch records (librdkafka's linger.ms); each saga hop pays it once.</summary>
    public TimeSpan ProduceLinger { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>How often the cluster's reachability is probed for health: a cluster that goes down shows within about this long.</summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one reachability probe may take.</summary>
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>What is wrong with these options, if anything.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool condition, string problem)
        {
            if (!condition)
                problems.Add(problem);
        }

        Require(EmbeddedBrokers >= 1, "EmbeddedBrokers must be at least 1");
        Require(Partitions >= 1, "Partitions must be at least 1");
        Require(ReplicationFactor >= 1, "ReplicationFactor must be at least 1");
        Require(ConcurrencyLimit >= 1, "ConcurrencyLimit must be at least 1");
        Require(PrefetchCount >= 1, "PrefetchCount must be at least 1");
        Require(BatchSize >= 1, "BatchSize must be at least 1");
        Require(CheckpointCount >= 1, "CheckpointCount must be at least 1");
        Require(CheckpointInterval > TimeSpan.Zero, "CheckpointInterval must be positive");
        Require(RetryAttempts >= 1, "RetryAttempts must be at least 1");
        Require(RetryBackoff >= TimeSpan.Zero && RetryMaxBackoff >= RetryBackoff, "RetryBackoff must be between zero and RetryMaxBackoff");
        Require(ProduceMaxInFlight is null or >= 1 and <= 5, "ProduceMaxInFlight must be between 1 and 5 (the producer is idempotent)");
        Require(OutageProbeInterval > TimeSpan.Zero && OutageSummaryInterval > TimeSpan.Zero && OutageRelapseGrace >= TimeSpan.Zero,
            "OutageProbeInterval and OutageSummaryInterval must be positive, OutageRelapseGrace not negative");
        Require(!string.IsNullOrWhiteSpace(DeadLetterSuffix), "DeadLetterSuffix must not be empty");
        Require(SessionTimeout > TimeSpan.Zero && StartTimeout > TimeSpan.Zero && DrainTimeout > TimeSpan.Zero, "timeouts must be positive");
        return problems;
    }

    /// <summary>The fetch wait used when talking to the embedded broker and no <see cref="FetchWaitMaxMs"/> is set.</summary>
    internal const int EmbeddedFetchWaitMaxMs = 10;

    /// <summary>The producer's requests in flight per connection against the embedded broker when no <see cref="ProduceMaxInFlight"/> is set.</summary>
    internal const int EmbeddedProduceMaxInFlight = 1;
}
