using System.Text.RegularExpressions;

namespace Sagas.Inventory;

/// <summary>What a SKU may look like.</summary>
public static partial class Skus
{
    public const int MaxLength = 64;

    /// <summary>Why the text cannot be a SKU, or null when it can.</summary>
    public static string? Validate(string? sku) =>
        string.IsNullOrEmpty(sku) ? "The SKU is required."
        : sku.Length > MaxLength ? $"The SKU is longer than {MaxLength} characters."
        : !Allowed().IsMatch(sku) ? "The SKU may contain only letters, digits, '-', '_' and '.'."
        : null;

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
