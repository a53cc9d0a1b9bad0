using System.Collections.Concurrent;
using System.Reflection;

namespace Sagas.Messaging;

/// <summary>
/// Every contract carries the saga's CorrelationId; it is the partition key that keeps one saga's messages
/// in order. Read by reflection once per type because contracts have no base type by design.
/// </summary>
public static class MessageKey
{
    static readonly ConcurrentDictionary<Type, Func<object, Guid>> Readers = new();

    public static Guid Of(object message) => Readers.GetOrAdd(message.GetType(), CreateReader)(message);

    static Func<object, Guid> CreateReader(Type type)
    {
        var property = type.GetProperty("CorrelationId", BindingFlags.Public | BindingFlags.Instance);
        if (property?.PropertyType != typeof(Guid))
            throw new InvalidOperationException($"{type.Name} has no Guid CorrelationId, so it cannot be keyed by saga.");
        return message => (Guid)property.GetValue(message)!;
    }
}
