using System.ComponentModel.DataAnnotations;

namespace Sagas.Orchestrator.Transfers;

/// <summary>Transfer saga settings (configuration section <c>Transfers</c>).</summary>
public sealed class TransferOptions
{
    public const string Section = "Transfers";

    /// <summary>How long the saga waits for any one worker's reply before it acts on its own.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a compensating command (refund, void) is re-sent before the saga waits for an operator.</summary>
    [Range(1, 1000)]
    public int MaxCompensationAttempts { get; set; } = 20;
}
