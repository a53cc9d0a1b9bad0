using Sagas.Kafka;

namespace Sagas.Scheduling;

/// <summary>
/// What a saga transition asks of the scheduler, as plain data: an outbox can store it in the saga's own
/// database transaction and a relay can hand it to <see cref="TimeoutScheduler.Apply"/> later.
/// </summary>
public abstract record TimeoutRequest(Guid TokenId);

/// <summary>Deliver <paramref name="Record"/> (already serialized, keyed by saga id) at <paramref name="DueAt"/>; the token names the timeout.</summary>
public sealed record ScheduleTimeout(Guid TokenId, DateTimeOffset DueAt, KafkaRecord Record) : TimeoutRequest(TokenId);

/// <summary>Forget the timeout named by the token; a token that already fired or never existed is fine.</summary>
public sealed record CancelTimeout(Guid TokenId) : TimeoutRequest(TokenId);
