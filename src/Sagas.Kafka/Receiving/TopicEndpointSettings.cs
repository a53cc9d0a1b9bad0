namespace Sagas.Kafka.Receiving;

/// <summary>
/// What one topic endpoint consumes, how much of it at once, and what makes a batch of its records one unit of work
/// (none: every record runs on its own).
/// </summary>
internal sealed record TopicEndpointSettings(string Topic, string GroupId, string DeadLetterTopic, int ConcurrencyLimit, int PrefetchCount,
    int MaxBatchSize, Func<IServiceProvider, IBatchUnitOfWork>? UnitOfWork);
