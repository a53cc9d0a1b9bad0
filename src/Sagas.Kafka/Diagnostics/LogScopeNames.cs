namespace Sagas.Kafka;

/// <summary>The property names of the log scopes this library opens, for log queries and tests.</summary>
public static class LogScopeNames
{
    public const string SagaType = "SagaType";
    public const string SagaId = "SagaId";
    public const string Topic = "Topic";
    public const string Partition = "Partition";
    public const string Offset = "Offset";
}
