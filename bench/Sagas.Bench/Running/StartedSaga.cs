using Sagas.Bench.Workload;

namespace Sagas.Bench.Running;

/// <summary>A saga the platform accepted: which plan it came from, its id, and when its request was sent.</summary>
public sealed record StartedSaga(PlannedSaga Plan, Guid Id, DateTimeOffset SentAt);
