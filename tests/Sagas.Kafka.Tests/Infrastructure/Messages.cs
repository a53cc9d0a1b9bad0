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

/// <summary>Held in its handler until the test releases it, so the records of its partition produced meanwhile queue up behind it.</summary>
public sealed record Hold(Guid CorrelationId);

/// <summary>
/// A unit of work: its handler sends <see cref="WorkDone"/> to <see cref="SendTo"/> (and answers a ResponseAddress), fails its
/// first <see cref="Failures"/> attempts, and otherwise writes <see cref="Sequence"/> to the ledger.
/// </summary>
public sealed record Work(Guid CorrelationId, int Sequence, string? SendTo = null, int Failures = 0);

/// <summary>What a <see cref="Work"/> handler sends and answers.</summary>
public sealed record WorkDone(Guid CorrelationId, int Sequence);
