using System.Text;

namespace Sagas.Kafka;

/// <summary>
/// Record keys are the saga's CorrelationId as UTF-8 text ("D" format, 36 bytes): readable in any Kafka tool
/// and producible from any language, and Kafka's partitioner keeps one saga on one partition either way.
/// </summary>
public static class RecordKey
{
    /// <summary>The key bytes of a saga id.</summary>
    public static byte[] Encode(Guid sagaId) => Encoding.UTF8.GetBytes(sagaId.ToString("D"));

    /// <summary>The key as text for logs, whatever bytes it holds.</summary>
    public static string Describe(byte[]? key) => key is null ? "(none)" : Encoding.UTF8.GetString(key);
}
