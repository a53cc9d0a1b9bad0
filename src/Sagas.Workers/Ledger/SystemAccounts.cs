namespace Sagas.Workers.Ledger;

/// <summary>
/// The per-currency system accounts that keep the journal balanced. Their ids contain ':', which customer
/// account ids may not (see <see cref="AccountIds"/>), so the two can never collide.
/// </summary>
public static class SystemAccounts
{
    public const string Prefix = "system:";

    /// <summary>Holds money between a saga's debit and its credit or refund, so a mid-saga read still adds up.</summary>
    public static string Clearing(string currency) => $"{Prefix}clearing:{currency}";

    /// <summary>Where opening balances come from; its balance is minus all money ever brought into the ledger.</summary>
    public static string Funding(string currency) => $"{Prefix}funding:{currency}";
}
