using System.Text.RegularExpressions;

namespace Sagas.Ledger;

/// <summary>What a customer account id may look like: short, printable, and never a system account's id.</summary>
public static partial class AccountIds
{
    public const int MaxLength = 64;

    /// <summary>Why the id cannot name a customer account, or null when it can.</summary>
    public static string? Validate(string? accountId) =>
        string.IsNullOrEmpty(accountId) ? "The account id is required."
        : accountId.Length > MaxLength ? $"The account id is longer than {MaxLength} characters."
        : !Allowed().IsMatch(accountId) ? "The account id may contain only letters, digits, '-', '_' and '.'."
        : null;

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
