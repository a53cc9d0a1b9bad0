using Microsoft.Extensions.Options;
using Sagas.Contracts.Fraud;

namespace Sagas.Fraud;

/// <summary>
/// Screens a payment. A pure function of the command and the configured rules, so a redelivered check gets the
/// same answer without storing anything, and it answers without I/O well inside any saga timeout.
/// </summary>
sealed class FraudRules(IOptionsMonitor<FraudOptions> options)
{
    /// <summary>Why the payment is refused, or null when it may go ahead.</summary>
    public string? Refusal(CheckFraud check)
    {
        var rules = options.CurrentValue;
        if (check.Amount > rules.MaxAmount)
            return $"The amount {check.Amount} {check.Currency} is above the limit of {rules.MaxAmount}.";
        var blocked = rules.BlockedAccounts.FirstOrDefault(account =>
            string.Equals(account, check.PayerAccountId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(account, check.PayeeAccountId, StringComparison.OrdinalIgnoreCase));
        return blocked is null ? null : $"Account '{blocked}' is blocked.";
    }
}
