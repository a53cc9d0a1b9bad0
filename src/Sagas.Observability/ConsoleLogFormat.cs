namespace Sagas.Observability;

/// <summary>How a host writes console logs unless <c>Logging:Console:FormatterName</c> says otherwise.</summary>
public enum ConsoleLogFormat
{
    /// <summary>One JSON object a line, with scopes (trace id, saga type and id): for log collectors.</summary>
    Json,

    /// <summary>The plain, readable console format: for a person running the host by hand.</summary>
    Simple,
}
