namespace Sagas.Kafka;

/// <summary>
/// Where the records a topic endpoint's handlers send go: produced once the batch that sent them has committed (the
/// default), or written to a transactional outbox in the batch's own transaction.
/// </summary>
public interface IRecordSink
{
    Task Add(KafkaRecord record, CancellationToken cancellationToken);
}
