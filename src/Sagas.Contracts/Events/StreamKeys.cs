using System.Security.Cryptography;
using System.Text;

namespace Sagas.Contracts.Events;

/// <summary>
/// The record key of an event about something that is not a saga (an account, a SKU): a Guid derived from its name, so
/// every event about it lands on one partition, in the order it happened, and any reader can compute the key itself.
/// </summary>
public static class StreamKeys
{
    /// <summary>The key of the ledger account <paramref name="accountId"/>'s events.</summary>
    public static Guid Account(string accountId) => Of("account", accountId);

    /// <summary>The key of events about the SKU <paramref name="sku"/> that no order caused (stock set by hand).</summary>
    public static Guid Sku(string sku) => Of("sku", sku);

    // A name-based UUID (RFC 9562 version 8 from SHA-256): stable across processes and releases, unlike string hashes.
    static Guid Of(string kind, string name)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{name}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
