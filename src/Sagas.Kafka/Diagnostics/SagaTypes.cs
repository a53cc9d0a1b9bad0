namespace Sagas.Kafka;

/// <summary>
/// The short name a saga goes by in logs and metrics: its instance class's name without the <c>State</c> suffix,
/// in lower case (<c>TransferState</c> is "transfer"), the same as the state machines' own <c>SagaType</c>.
/// </summary>
public static class SagaTypes
{
    const string Suffix = "State";

    public static string NameOf<TSaga>() => Cache<TSaga>.Name;

    static class Cache<TSaga>
    {
        public static readonly string Name = Shorten(typeof(TSaga).Name);

        static string Shorten(string typeName) =>
            (typeName.Length > Suffix.Length && typeName.EndsWith(Suffix, StringComparison.Ordinal) ? typeName[..^Suffix.Length] : typeName)
                .ToLowerInvariant();
    }
}
