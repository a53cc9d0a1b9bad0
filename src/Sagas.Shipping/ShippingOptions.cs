using System.ComponentModel.DataAnnotations;

namespace Sagas.Shipping;

/// <summary>Where the shipping worker delivers (configuration section <c>Shipping</c>).</summary>
public sealed class ShippingOptions : IValidatableObject
{
    public const string Section = "Shipping";

    static readonly string[] DefaultCountries =
        ["US", "CA", "GB", "IE", "FR", "DE", "NL", "BE", "ES", "IT", "PT", "AT", "CH", "SE", "NO", "DK", "FI", "PL", "AU", "NZ", "JP"];

    /// <summary>ISO 3166-1 alpha-2 codes of the countries served; empty means the default list.</summary>
    public IList<string> Countries { get; set; } = [];

    /// <summary>The countries served, upper-case.</summary>
    public IReadOnlySet<string> ServedCountries =>
        (Countries.Count == 0 ? DefaultCountries : Countries.Select(c => c.Trim().ToUpperInvariant())).ToHashSet(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Countries.Where(country => country.Trim() is not { Length: 2 } code || !code.All(char.IsAsciiLetter))
            .Select(country => new ValidationResult($"'{country}' is not an ISO 3166-1 alpha-2 country code.", [nameof(Countries)]));
}
