namespace Sagas.Ledger;

/// <summary>An account in the ledger: a customer's, or a system account that money passes through.</summary>
public sealed class LedgerAccount
{
    public required string Id { get; init; }

    /// <summary>ISO 4217 code; an account holds one currency only.</summary>
    public required string Currency { get; init; }

    public decimal Balance { get; set; }

    /// <summary>A frozen account takes no new debits or credits; refunds of its own earlier debits still reach it.</summary>
    public bool IsFrozen { get; set; }

    /// <summary>Clearing and funding accounts: never frozen, never overdraft-checked, never shown as a customer's.</summary>
    public bool IsSystem { get; init; }

    public DateTimeOffset OpenedAt { get; init; }
}
