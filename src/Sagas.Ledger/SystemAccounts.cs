namespace Sagas.Ledger;

/// <summary>
/// The per-currency system accounts that keep the journal balanced. Their ids contain ':', which customer
/// account ids may not (see <see cref="AccountIds"/>), so the two can never collide.
/// </summary>
public static class SystemAccounts
{
    public const string Prefix = "system:";

    /// <summary>
    /// Clearing accounts per currency. Every debit, credit and refund updates one, and its row stays locked until the
    /// commit (on PostgreSQL that includes the WAL flush), so one row per currency would let only one ledger transaction
    /// commit at a time. A saga always uses the same one.
    /// </summary>
    public const int ClearingShards = 16;

    /// <summary>
    /// Holds money between a saga's debit and its credit or refund, so a mid-saga read still adds up: the clearing
    /// account of the currency that <paramref name="sagaId"/> falls on.
    /// </summary>
    public static string Clearing(string currency, Guid sagaId)
    {
        Span<byte> bytes = stackalloc byte[16];
        sagaId.TryWriteBytes(bytes);
        return $"{ClearingOf(currency)}:{bytes[^1] % ClearingShards}";
    }

    /// <summary>
    /// Whether the account is one of the currency's clearing accounts, including the single <c>system:clearing:CUR</c>
    /// of databases written before the accounts were split (it keeps what was in flight then).
    /// </summary>
    public static bool IsClearing(string accountId, string currency) =>
        accountId == ClearingOf(currency) || accountId.StartsWith($"{ClearingOf(currency)}:", StringComparison.Ordinal);

    /// <summary>Where opening balances come from; its balance is minus all money ever brought into the ledger.</summary>
    public static string Funding(string currency) => $"{Prefix}funding:{currency}";

    static string ClearingOf(string currency) => $"{Prefix}clearing:{currency}";
}
