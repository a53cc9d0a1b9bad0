using System.ComponentModel.DataAnnotations;

namespace Sagas.Orchestrator.Orders;

/// <summary>Order saga settings (configuration section <c>Orders</c>).</summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>How long the saga waits for any one worker's reply before it acts on its own.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a compensating command (refund, release, recall) or the stock sale is re-sent, in all, before the saga waits for an operator.</summary>
    [Range(1, 1000)]
    public int MaxCompensationAttempts { get; set; } = 20;
}
