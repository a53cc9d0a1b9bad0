namespace Sagas.Ledger;

/// <summary>An account in the ledger: a customer's, or a system account that money passes through.</summary>
public sealed class LedgerAccount
{
    public required string Id { get; init; }

    /// <summary>ISO 4217 code; an account holds one currency only.</summary>
    public required string Currency { get; init; }

    /// <summary>
    /// A projection of the journal: the sum of the account's entries, changed only by <see cref="Postings"/> in the
    /// transaction that appends them, and rebuilt from the journal by <see cref="LedgerService.RebuildBalances"/>.
    /// </summary>
    public decimal Balance { get; set; }

    /// <summary>A frozen account takes no new debits or credits; refunds of its own earlier debits still reach it.</summary>
    public bool IsFrozen { get; set; }

    /// <summary>How often the account was frozen or unfrozen: the position of its status events (0 when opened).</summary>
    public long StatusVersion { get; set; }

    /// <summary>Clearing and funding accounts: never frozen, never overdraft-checked, never shown as a customer's.</summary>
    public bool IsSystem { get; init; }

    public DateTimeOffset OpenedAt { get; init; }
}
