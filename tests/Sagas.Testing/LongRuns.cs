namespace Sagas.Testing;

/// <summary>
/// Fault and soak scenarios run short in CI and long by hand: <c>SAGAS_FAULT_LONG=1 dotnet test</c> runs the same tests
/// with more load and longer faults.
/// </summary>
public static class LongRuns
{
    public const string Variable = "SAGAS_FAULT_LONG";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value && value != "0";

    /// <summary><paramref name="ci"/> in CI, <paramref name="long"/> when long runs are asked for.</summary>
    public static T Pick<T>(T ci, T @long) => Enabled ? @long : ci;
}
