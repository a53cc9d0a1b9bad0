using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using MassTransit;

namespace Sagas.Kafka;

/// <summary>
/// Record keys are the saga's CorrelationId as UTF-8 text ("D" format, 36 bytes): readable in any Kafka tool and
/// producible from any language, and Kafka's partitioner keeps one saga's records on one partition either way.
/// </summary>
public static class RecordKey
{
    static readonly ConcurrentDictionary<Type, Func<object, Guid>> Readers = new();

    /// <summary>The key bytes of a saga id.</summary>
    public static byte[] Encode(Guid sagaId) => Encoding.UTF8.GetBytes(sagaId.ToString("D"));

    /// <summary>The saga id a key holds, or null when it holds something else.</summary>
    public static Guid? TryDecode(byte[]? key) => key is not null && Guid.TryParse(Encoding.UTF8.GetString(key), out var sagaId) ? sagaId : null;

    /// <summary>The key as text for logs, whatever bytes it holds.</summary>
    public static string Describe(byte[]? key) => key is null ? "(none)" : Encoding.UTF8.GetString(key);

    /// <summary>
    /// The saga a message belongs to, by MassTransit's convention: <see cref="CorrelatedBy{T}"/> or a public Guid
    /// <c>CorrelationId</c> property. Read by reflection once per type, since contracts have no base type.
    /// </summary>
    public static Guid Of(object message) => Readers.GetOrAdd(message.GetType(), CreateReader)(message);

    static Func<object, Guid> CreateReader(Type type)
    {
        if (typeof(CorrelatedBy<Guid>).IsAssignableFrom(type))
            return message => ((CorrelatedBy<Guid>)message).CorrelationId;

        var property = type.GetProperty("CorrelationId", BindingFlags.Public | BindingFlags.Instance);
        if (property?.PropertyType != typeof(Guid))
            throw new InvalidOperationException($"{type.Name} has no Guid CorrelationId, so it cannot be keyed by saga.");
        return message => (Guid)property.GetValue(message)!;
    }
}
