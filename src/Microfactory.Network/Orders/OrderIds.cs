using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Microfactory.Network.Orders;

/// <summary>
/// Order ids derive from the client's idempotency key, so the same key always reaches the same order grain, even
/// across nodes and restarts, with no lookup table that could be lost between "accepted" and "recorded".
/// </summary>
public static class OrderIds
{
    public const int MaxKeyLength = 200;

    public static string FromIdempotencyKey(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return "ord-" + Base32(hash.AsSpan(0, 15));
    }

    /// <summary>A digest of the request body, to tell a true retry from a different order under a reused key.</summary>
    public static string Fingerprint(OrderSubmission submission) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(submission)));

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return text.ToString();
    }
}
