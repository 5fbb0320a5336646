using System.Security.Cryptography;
using System.Text;

namespace Microfactory.Network.Credentials;

/// <summary>
/// The secrets of site enrolment: one-time enrolment tokens and issued site credentials, each 32 random bytes in
/// base64url, of which the orchestrator keeps only the SHA-256 digest. A digest without a salt is enough here: the
/// secrets are random 256-bit values, not passwords, so there is no dictionary to try against a stolen digest.
/// An issued credential reads <c>&lt;site id&gt;.&lt;secret&gt;</c>: the site id finds the site's record without an
/// index of every credential, and cannot collide with the secret ('.' is in neither a site id nor base64url).
/// </summary>
public static class SiteSecrets
{
    /// <summary>The length of 32 bytes in base64url without padding.</summary>
    public const int SecretLength = 43;

    public static string NewSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new credential for <paramref name="siteId"/>.</summary>
    public static string NewCredential(string siteId) => $"{siteId}.{NewSecret()}";

    /// <summary>The lowercase hex SHA-256 of a secret, as stored.</summary>
    public static string Digest(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The site an issued credential names, or null when it is not of the issued form.</summary>
    public static string? SiteOfCredential(string credential)
    {
        var dot = credential.LastIndexOf('.');
        if (dot <= 0 || credential.Length - dot - 1 != SecretLength)
        {
            return null;
        }

        var site = credential[..dot];
        return Ids.IsValid(site) && IsBase64Url(credential.AsSpan(dot + 1)) ? site : null;
    }

    /// <summary>Two stored digests compared in constant time.</summary>
    public static bool SameDigest(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>A short, non-secret name for a stored secret (the start of its digest), for views and logs.</summary>
    public static string IdOf(string digest) => digest[..12];

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
