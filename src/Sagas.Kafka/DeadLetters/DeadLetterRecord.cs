using System.Text;

namespace Sagas.Kafka;

/// <summary>
/// One record of a dead-letter topic as it was read: where it sits, the original record's key, value and headers, and
/// the <c>dlq-*</c> headers the rider added when it gave up on it (see <see cref="KafkaHeaders"/>).
/// </summary>
public sealed record DeadLetterRecord(string Topic, int Partition, long Offset, DateTimeOffset Timestamp, byte[]? Key, byte[]? Value,
    IReadOnlyList<KeyValuePair<string, byte[]>> Headers, string OriginalTopic)
{
    const string DeadLetterHeaderPrefix = "dlq-";

    /// <summary>The last value of a header as UTF-8 text, or null when the record has none.</summary>
    public string? Header(string name) =>
        Headers.LastOrDefault(header => header.Key == name) is { Key: not null } header ? Encoding.UTF8.GetString(header.Value) : null;

    /// <summary>The headers as text, the last value of each name winning.</summary>
    public IReadOnlyDictionary<string, string> TextHeaders() => ToText(Headers);

    /// <summary>
    /// The headers a redriven copy carries: the original record's own (trace context, message type, ...) without the
    /// error headers, so the copy reads as the original did and a new failure is described afresh.
    /// </summary>
    public IReadOnlyDictionary<string, string> RedriveHeaders() =>
        ToText(Headers.Where(header => !header.Key.StartsWith(DeadLetterHeaderPrefix, StringComparison.Ordinal)));

    static Dictionary<string, string> ToText(IEnumerable<KeyValuePair<string, byte[]>> headers)
    {
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
            text[name] = Encoding.UTF8.GetString(value ?? []);
        return text;
    }
}

/// <summary>A dead-letter topic and how many records each partition holds (high minus low watermark).</summary>
public sealed record DeadLetterTopic(string Topic, string OriginalTopic, IReadOnlyList<DeadLetterPartition> Partitions)
{
    public long Records => Partitions.Sum(partition => partition.High - partition.Low);
}

/// <summary>The offsets a partition holds: from <see cref="Low"/> up to, not including, <see cref="High"/>.</summary>
public sealed record DeadLetterPartition(int Partition, long Low, long High);

/// <summary>Where a read starts: a partition and an offset in it; partitions are read in order.</summary>
public readonly record struct DeadLetterPosition(int Partition, long Offset);

/// <summary>Records read from a dead-letter topic in partition and offset order, and where the next read goes on (null at the end).</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterRecord> Records, DeadLetterPosition? Next);
