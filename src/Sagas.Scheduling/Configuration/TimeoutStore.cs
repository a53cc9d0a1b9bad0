namespace Sagas.Scheduling;

/// <summary>Where Quartz keeps scheduled timeouts.</summary>
public enum TimeoutStore
{
    /// <summary>In process memory: lost on restart; for tests and quick runs.</summary>
    InMemory,

    /// <summary>Quartz's ADO.NET store in the orchestrator's database (the <c>Persistence</c> provider), clustered.</summary>
    Persistent,
}
