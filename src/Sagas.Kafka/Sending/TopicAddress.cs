using System.Diagnostics.CodeAnalysis;

namespace Sagas.Kafka;

/// <summary>
/// A Kafka topic as MassTransit addresses it: <c>topic:&lt;name&gt;</c>. A topic endpoint's input address is one, so
/// whatever MassTransit sends back to a message's source (a reply, a scheduled message) reaches the topic it came from.
/// </summary>
public static class TopicAddress
{
    public const string Scheme = "topic";

    public static Uri For(string topic) => new($"{Scheme}:{topic}");

    public static bool TryGetTopic(Uri? address, [NotNullWhen(true)] out string? topic)
    {
        topic = address is { IsAbsoluteUri: true } && address.Scheme == Scheme && address.AbsolutePath.Length > 0 ? address.AbsolutePath : null;
        return topic is not null;
    }

    public static string TopicOf(Uri address) =>
        TryGetTopic(address, out var topic) ? topic : throw new ArgumentException($"'{address}' is not a Kafka topic address ({Scheme}:<name>).", nameof(address));
}
