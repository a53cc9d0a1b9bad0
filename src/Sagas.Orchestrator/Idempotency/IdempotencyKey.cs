using System.Security.Cryptography;
using System.Text;

namespace Sagas.Orchestrator.Idempotency;

/// <summary>The rules for the Idempotency-Key header and the request digest it is checked against.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    public const int MaxLength = 255;

    /// <summary>Why the header value cannot be used as a key, or null when it can.</summary>
    public static string? Validate(string? key) => key switch
    {
        null or "" => $"The {Header} header is required.",
        { Length: > MaxLength } => $"The {Header} header is at most {MaxLength} characters.",
        _ when key.Any(c => c is < '!' or > '~') => $"The {Header} header must be printable ASCII without spaces.",
        _ => null,
    };

    /// <summary>A digest of the request's fields, in a fixed order, with amounts compared by value (10.0 equals 10.00).</summary>
    public static string Digest(params object[] fields)
    {
        var canonical = string.Join('\u001f', fields.Select(field => field switch
        {
            decimal amount => (amount / 1.000000000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => field.ToString(),
        }));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
