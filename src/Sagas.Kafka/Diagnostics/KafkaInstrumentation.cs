using System.Diagnostics;

namespace Sagas.Kafka;

/// <summary>
/// The names under which this library reports: one <see cref="ActivitySource"/> (a "create" span when a message is
/// serialized, a "send" span when a record is produced) and one meter, both called <see cref="Name"/>.
/// </summary>
public static class KafkaInstrumentation
{
    public const string Name = "Sagas.Kafka";

    /// <summary>Static like every ActivitySource: spans are process-wide, listeners decide what is recorded.</summary>
    internal static readonly ActivitySource Source = new(Name);
}
