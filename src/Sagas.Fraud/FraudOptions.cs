using System.ComponentModel.DataAnnotations;

namespace Sagas.Fraud;

/// <summary>The fraud rules (configuration section <c>Fraud</c>).</summary>
public sealed class FraudOptions
{
    public const string Section = "Fraud";

    /// <summary>Payments above this amount, in any currency, are refused.</summary>
    [Range(typeof(decimal), "0", "79228162514264337593543950335")]
    public decimal MaxAmount { get; set; } = 10000m;

    /// <summary>Accounts that may neither pay nor be paid; compared ignoring case.</summary>
    public IList<string> BlockedAccounts { get; set; } = [];
}
