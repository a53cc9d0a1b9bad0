using System.Collections.Frozen;

namespace Sagas.Contracts.Money;

/// <summary>
/// ISO 4217 currency codes with their minor units (how many decimals an amount may carry).
/// Shared by the API (to reject bad amounts early) and the ledger (which never trusts its input).
/// </summary>
public static class Currencies
{
    static readonly string[] NoMinorUnits =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"];

    static readonly string[] ThreeMinorUnits = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    static readonly string[] FourMinorUnits = ["CLF", "UYW"];

    static readonly string[] TwoMinorUnits =
    [
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB",
        "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC",
        "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP",
        "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW",
        "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
        "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP",
        "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
        "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "USN",
        "UYU", "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
    ];

    static readonly FrozenDictionary<string, int> MinorUnitsByCode = NoMinorUnits.Select(code => (code, units: 0))
        .Concat(TwoMinorUnits.Select(code => (code, units: 2)))
        .Concat(ThreeMinorUnits.Select(code => (code, units: 3)))
        .Concat(FourMinorUnits.Select(code => (code, units: 4)))
        .ToFrozenDictionary(x => x.code, x => x.units, StringComparer.Ordinal);

    /// <summary>The largest amount one message may carry; far beyond any real payment, and far from decimal overflow.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>The number of decimals the currency allows, or null when the code is not an ISO 4217 currency.</summary>
    public static int? MinorUnits(string code) => MinorUnitsByCode.TryGetValue(code, out var units) ? units : null;

    /// <summary>Why the amount cannot be used in the currency, or null when it can.</summary>
    public static string? ValidateAmount(decimal amount, string currency)
    {
        if (MinorUnits(currency) is not { } minorUnits)
            return $"'{currency}' is not an ISO 4217 currency code.";
        if (amount <= 0)
            return "The amount must be greater than zero.";
        if (amount > MaxAmount)
            return $"The amount must be at most {MaxAmount}.";
        if (amount.Scale > minorUnits && decimal.Round(amount, minorUnits) != amount)
            return $"{currency} allows at most {minorUnits} decimal places.";
        return null;
    }
}
