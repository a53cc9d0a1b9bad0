namespace Sagas.Persistence.Sagas;

/// <summary>
/// The messages of a unit of work that covers several of them (a batch of records run as one transaction): their saga
/// ids and message ids, told in advance. With them, the repository reads all of a saga type's rows for the batch with
/// one query, and which of the batch's messages that saga type already consumed with another, on its first message,
/// instead of two queries per message. Rows read this way are not locked: each carries its version, so a concurrent
/// change fails the batch's commit, and the batch's records then run again one at a time, under locks. Registered
/// scoped; empty, and so unused, outside such a unit of work.
/// </summary>
public sealed class SagaBatch
{
    readonly HashSet<Type> _loaded = [];
    readonly Dictionary<string, HashSet<Guid>> _consumed = new(StringComparer.Ordinal);
    HashSet<Guid> _correlationIds = [];

    /// <summary>The message ids of the batch.</summary>
    public IReadOnlyCollection<Guid> MessageIds { get; private set; } = [];

    /// <summary>The saga ids of the batch.</summary>
    public IReadOnlyCollection<Guid> CorrelationIds => _correlationIds;

    /// <summary>Announces the batch; the ids of messages whose key is not a saga id, or that have no id, are left out.</summary>
    public void Expect(IEnumerable<Guid> correlationIds, IEnumerable<Guid> messageIds)
    {
        _correlationIds = [.. correlationIds];
        MessageIds = [.. messageIds];
    }

    /// <summary>Whether a message for this saga is one the batch announced.</summary>
    internal bool Covers(Guid? correlationId) => correlationId is { } id && _correlationIds.Contains(id);

    /// <summary>Whether the batch's rows of <typeparamref name="TSaga"/> are still to be read; true only once.</summary>
    internal bool FirstLoadOf<TSaga>() => _loaded.Add(typeof(TSaga));

    /// <summary>The batch's message ids <paramref name="consumer"/> has consumed, read once and kept up to date as it consumes more.</summary>
    internal async Task<HashSet<Guid>> ConsumedBy(string consumer, Func<Task<HashSet<Guid>>> read)
    {
        if (!_consumed.TryGetValue(consumer, out var consumed))
            _consumed[consumer] = consumed = await read();
        return consumed;
    }
}
