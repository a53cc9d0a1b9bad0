namespace Sagas.Kafka.Receiving;

/// <summary>What one topic endpoint consumes and how much of it at once.</summary>
internal sealed record TopicEndpointSettings(string Topic, string GroupId, string DeadLetterTopic, int ConcurrencyLimit, int PrefetchCount);
