namespace Sagas.Orchestrator.Sagas;

/// <summary>What the orchestrator does at start-up to get sagas moving again after a crash.</summary>
public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    /// <summary>
    /// Ask every saga that is not terminal and has not changed since before this process started to send its current
    /// step's command again. On by default; safe because workers answer a repeated command as they did the first time.
    /// </summary>
    public bool ResumeOnStartup { get; set; } = true;
}
