namespace Sagas.Scheduling;

/// <summary>Where Quartz keeps the sweep's trigger and, clustered, which node runs it.</summary>
public enum TimeoutStore
{
    /// <summary>In process memory: every process sweeps on its own schedule (claims keep them apart); for tests and quick runs.</summary>
    InMemory,

    /// <summary>Quartz's ADO.NET store in the orchestrator's database (the <c>Persistence</c> provider), clustered: one sweep at a time.</summary>
    Persistent,
}
