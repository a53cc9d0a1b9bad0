namespace Sagas.Kafka.Sending;

/// <summary>
/// What one batch (or one record) sent, held until it is settled: produced, in order, after its unit of work committed
/// and before its offsets may be committed; dropped when its unit of work rolled back, since the records are then run
/// again and send again.
/// </summary>
internal sealed class PendingRecords : IRecordSink
{
    readonly Lock _gate = new();
    readonly List<KafkaRecord> _records = [];

    public Task Add(KafkaRecord record, CancellationToken cancellationToken)
    {
        lock (_gate)
            _records.Add(record);
        return Task.CompletedTask;
    }

    public void Clear()
    {
        lock (_gate)
            _records.Clear();
    }

    /// <summary>Produces what was sent and waits until the cluster acknowledged all of it; throws on the first failure.</summary>
    public async Task Flush(IKafkaProducer producer, CancellationToken cancellationToken)
    {
        List<KafkaRecord> records;
        lock (_gate)
        {
            records = [.. _records];
            _records.Clear();
        }

        if (records.Count > 0)
            await producer.ProduceBatch(records, cancellationToken);
    }
}
