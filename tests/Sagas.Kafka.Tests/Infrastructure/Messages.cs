namespace Sagas.Kafka.Tests.Messages;

/// <summary>The n-th record of one key; the order tests check that n arrives in order per key.</summary>
public sealed record Numbered(Guid CorrelationId, int Sequence);

/// <summary>A message whose consumer always throws.</summary>
public sealed record Poison(Guid CorrelationId);

/// <summary>A message no consumer on the test endpoints handles.</summary>
public sealed record Unhandled(Guid CorrelationId);

/// <summary>Asks the echo consumer to produce a <see cref="Pong"/> caused by this message.</summary>
public sealed record Ping(Guid CorrelationId, string ReplyTopic);

public sealed record Pong(Guid CorrelationId);
