namespace Sagas.Kafka;

/// <summary>
/// What makes the records a partition has ready one unit of work: resolved from the batch's service scope (which every
/// record's pipeline shares), begun before the first record runs and committed after the last. A record that fails rolls
/// the whole batch back; its records then run again one at a time, each on its own, so one bad record costs the others
/// nothing but time. Configure it with <see cref="IKafkaTopicEndpointConfigurator.UseBatchUnitOfWork"/>.
/// </summary>
public interface IBatchUnitOfWork
{
    /// <summary>Begins the unit of work for <paramref name="records"/>, told in advance so it can read what they need at once.</summary>
    Task Begin(IReadOnlyList<RecordIdentity> records, CancellationToken cancellationToken);

    Task Commit(CancellationToken cancellationToken);

    /// <summary>Undoes whatever the batch did; called at most once, after a failure or instead of a commit.</summary>
    Task Rollback(CancellationToken cancellationToken);
}
