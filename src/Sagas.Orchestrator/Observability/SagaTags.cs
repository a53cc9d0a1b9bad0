namespace Sagas.Orchestrator.Observability;

/// <summary>Tag names of the saga metrics.</summary>
public static class SagaTags
{
    public const string Type = "saga.type";
    public const string State = "saga.state";
    public const string Event = "saga.event";
}
