using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Microfactory.Orchestrator.Auth;

/// <summary>
/// Finds the configured API key a caller presented, in constant time, and makes the principal it stands for: the same
/// name and roles whether the key came as a bearer header or through the console's sign-in.
/// </summary>
public static class ApiKeyRing
{
    /// <summary>The claim a console cookie keeps the key's SHA-256 in (never the key), so a removed key ends its sessions.</summary>
    public const string DigestClaim = "mf:api-key-sha256";

    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static ApiKey? Match(IEnumerable<ApiKey> keys, byte[] presentedDigest)
    {
        ApiKey? match = null;
        foreach (var key in keys)
        {
            // Check every key so the time taken does not say which one came close.
            if (CryptographicOperations.FixedTimeEquals(presentedDigest, Digest(key.Key)))
            {
                match = key;
            }
        }

        return match;
    }

    public static ClaimsPrincipal Principal(ApiKey key, string scheme, params Claim[] extra)
    {
        var roles = key.Role == Roles.Admin ? new[] { Roles.Admin, Roles.Planner } : [Roles.Planner];
        var identity = new ClaimsIdentity(
            roles.Select(r => new Claim(ClaimTypes.Role, r)).Prepend(new Claim(ClaimTypes.Name, key.Name)).Concat(extra),
            scheme);
        return new ClaimsPrincipal(identity);
    }
}
