namespace Sagas.Ledger;

/// <summary>A customer account as the API shows it.</summary>
public sealed record AccountSnapshot(string AccountId, string Currency, decimal Balance, bool IsFrozen);

/// <summary>What opening an account did; <see cref="Error"/> says why when the request was invalid.</summary>
public sealed record OpenAccountResult(OpenAccountStatus Status, AccountSnapshot? Account, string? Error)
{
    internal static OpenAccountResult Created(AccountSnapshot account) => new(OpenAccountStatus.Created, account, null);

    internal static OpenAccountResult AlreadyExists(AccountSnapshot account) => new(OpenAccountStatus.AlreadyExists, account, null);

    internal static OpenAccountResult Invalid(string error) => new(OpenAccountStatus.Invalid, null, error);
}

/// <summary>How an OpenAccount request ended.</summary>
public enum OpenAccountStatus
{
    Created,
    AlreadyExists,
    Invalid,
}

/// <summary>
/// One currency's money at one instant: what customers hold, what is in flight between a debit and its credit or
/// refund, and what was ever brought in. Conservation means the first two add up to the third.
/// </summary>
public sealed record CurrencyTotals(string Currency, decimal CustomerBalances, decimal InClearing, decimal Funded)
{
    public bool IsConserved => CustomerBalances + InClearing == Funded;
}

/// <summary>The result of replaying the journal against the balances; <see cref="Problems"/> is empty when it holds.</summary>
public sealed record JournalAudit(IReadOnlyList<string> Problems)
{
    public bool IsBalanced => Problems.Count == 0;
}

/// <summary>
/// What rebuilding the balances from the journal did: how many accounts it read, the balances it corrected (none when the
/// projection held), and customer accounts the journal names that have no row, which it cannot rebuild.
/// </summary>
public sealed record BalanceRebuild(int Accounts, IReadOnlyList<BalanceCorrection> Corrected, IReadOnlyList<string> UnknownAccounts);

/// <summary>One account whose stored balance differed from its journal: what it held, and the sum of its entries it now holds.</summary>
public sealed record BalanceCorrection(string AccountId, string Currency, decimal Was, decimal Is);
