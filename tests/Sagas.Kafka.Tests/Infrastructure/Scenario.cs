namespace Sagas.Kafka.Tests.Infrastructure;

/// <summary>
/// Runs a test class's scenario once and shares its outcome with every [Fact] of the class (xunit creates one
/// class instance per fact), so each fact asserts one behaviour without replaying the whole scenario.
/// </summary>
public sealed class Scenario<T>
{
    readonly Lock _gate = new();
    Task<T>? _outcome;

    public Task<T> Outcome(Func<Task<T>> run)
    {
        lock (_gate)
            return _outcome ??= run();
    }
}
